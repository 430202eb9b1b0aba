"""The interface text in English and Chinese, and the choice between them: `?lang=`, then the cookie the
language switch sets, then the browser's Accept-Language. Text from the record is never translated."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request

LANGUAGES = ("en", "zh")
DEFAULT = "en"
COOKIE = "cityqa_lang"

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "skip": "Skip to content",
        "tagline": "Answers from the record of public hearings",
        "nav_site": "Site",
        "nav_ask": "Ask",
        "nav_exchanges": "Exchanges",
        "nav_speakers": "Speakers",
        "footer": "Every answer is quoted from the record; follow the source link to read it in context.",
        "switch_label": "中文",
        "switch_name": "Chinese (中文)",
        "chat_title": "Ask the record",
        "intro": "Ask a question about the hearings: who said what, which projects were announced, who answered "
                 "for the city. Answers are quoted from the record, with a link to the source.",
        "suggestions": "Try asking",
        "conversation": "Conversation",
        "your_question": "Your question",
        "placeholder": "e.g. Who answered questions about the epidemic?",
        "ask": "Ask",
        "you_asked": "You asked",
        "understood": "Understood as",
        "from_record": "From the record",
        "related": "Related passages (they do not answer the question)",
        "helpful": "Was this answer helpful?",
        "yes": "Yes",
        "no": "No",
        "comment": "What was wrong? (optional)",
        "add_comment": "Add a comment",
        "thanks": "Thank you, your feedback was recorded.",
        "empty": "Please type a question.",
        "failed": "The answer could not be fetched; please try again.",
        "asking": "Looking in the record…",
        "error_title": "Something is wrong",
        "not_found": "Not found",
        "back": "Back to the chat",
        "admin_title": "Staff view",
        "admin_login": "Staff sign-in",
        "admin_token": "Access token",
        "admin_sign_in": "Sign in",
        "admin_sign_out": "Sign out",
        "admin_bad_token": "That token is not valid.",
        "admin_counts": "Counts",
        "admin_asked": "Questions asked",
        "admin_abstained": "Not answered",
        "admin_helpful": "Marked helpful",
        "admin_unhelpful": "Marked unhelpful",
        "admin_unanswered": "Questions the record could not answer",
        "admin_times": "Times asked",
        "admin_question": "Question",
        "admin_last": "Last asked",
        "admin_unhelpful_answers": "Answers marked unhelpful",
        "admin_answer": "Answer",
        "admin_comment": "Comment",
        "admin_when": "When",
        "admin_none": "None yet.",
        "admin_log_problem": "The question log could not be written since the server started ({} questions or "
                             "feedback lost): questions were answered but not recorded, feedback was refused. "
                             "The latest error:",
    },
    "zh": {
        "skip": "跳到正文",
        "tagline": "来自公开听证会记录的回答",
        "nav_site": "网站",
        "nav_ask": "提问",
        "nav_exchanges": "问答记录",
        "nav_speakers": "发言人",
        "footer": "每个回答都引自记录原文；点击来源链接可查看上下文。",
        "switch_label": "English",
        "switch_name": "English (英文)",
        "chat_title": "查询记录",
        "intro": "就听证会提问：谁说了什么、宣布了哪些项目、谁代表市政府作答。回答引自记录原文，并附有来源链接。",
        "suggestions": "可以试着问",
        "conversation": "对话",
        "your_question": "您的问题",
        "placeholder": "例如：谁回答了关于疫情的问题？",
        "ask": "提问",
        "you_asked": "您的提问",
        "understood": "理解为",
        "from_record": "记录原文",
        "related": "相关段落（并未回答该问题）",
        "helpful": "这个回答有帮助吗？",
        "yes": "有帮助",
        "no": "没有帮助",
        "comment": "哪里不对？（可选）",
        "add_comment": "添加意见",
        "thanks": "谢谢，您的反馈已记录。",
        "empty": "请输入问题。",
        "failed": "无法获取回答，请重试。",
        "asking": "正在查找记录……",
        "error_title": "出错了",
        "not_found": "未找到",
        "back": "返回提问",
        "admin_title": "工作人员视图",
        "admin_login": "工作人员登录",
        "admin_token": "访问令牌",
        "admin_sign_in": "登录",
        "admin_sign_out": "退出",
        "admin_bad_token": "令牌无效。",
        "admin_counts": "统计",
        "admin_asked": "提问总数",
        "admin_abstained": "未能回答",
        "admin_helpful": "标为有帮助",
        "admin_unhelpful": "标为没有帮助",
        "admin_unanswered": "记录无法回答的问题",
        "admin_times": "次数",
        "admin_question": "问题",
        "admin_last": "最近一次",
        "admin_unhelpful_answers": "被标为没有帮助的回答",
        "admin_answer": "回答",
        "admin_comment": "意见",
        "admin_when": "时间",
        "admin_none": "暂无。",
        "admin_log_problem": "自服务器启动以来问题日志曾无法写入（丢失 {} 条问题或反馈）：问题照常回答但未被记录，"
                             "反馈被拒绝。最近的错误：",
    },
}


def language_of(request: Request) -> str:
    """The interface language of a request: 'en' or 'zh'."""
    asked = request.query_params.get("lang") or request.cookies.get(COOKIE)
    if asked in LANGUAGES:
        return asked
    return from_accept_language(request.headers.get("accept-language", ""))


def from_accept_language(header: str) -> str:
    """The supported language the browser prefers most ('zh-CN,zh;q=0.9,en;q=0.8' → 'zh')."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        if parameters.strip().startswith("q="):
            try:
                quality = float(parameters.strip()[2:])
            except ValueError:
                continue
        base = tag.strip().lower().split("-")[0]
        if base in LANGUAGES and quality > 0:
            ranked.append((-quality, position, base))
    return min(ranked)[2] if ranked else DEFAULT


def template_context(request: Request) -> dict[str, object]:
    """What every page template gets: `lang`, the messages `t`, and where the language switch leads."""
    lang = language_of(request)
    other = "zh" if lang == "en" else "en"
    if request.url.path == "/embed":  # in a city's frame a cookie of ours may not be sent: the URL says it
        switch = f"/embed?{urlencode({'lang': other})}"
    else:
        kept = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "lang"])
        switch = f"/language/{other}?{urlencode({'next': request.url.path + (f'?{kept}' if kept else '')})}"
    return {"lang": lang, "t": MESSAGES[lang], "other_lang": other, "switch_href": switch}
