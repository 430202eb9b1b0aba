"""The interface text in English and Chinese, and the choice between them: `?lang=`, then the cookie the
language switch sets, then the browser's Accept-Language. Text from the record is never translated."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request

from bot.models import NOT_IN_RECORD
from web.schema import AskResponse, LeadOut

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
        "no_words": "Please ask in words what you want to know.",
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
        "nav_documents": "Documents",
        "documents_title": "Documents in the record",
        "documents_intro": "Every hearing and report the answers are quoted from, with its date and who speaks in it.",
        "documents_count": "{n} documents",
        "documents_document": "Document",
        "documents_date": "Date",
        "documents_speakers": "Speakers",
        "not_in_record": NOT_IN_RECORD,
        "lead_said": "{who} said:",
        "lead_asked": "{who} asked:",
        "lead_answered": "{who} answered {asker}'s question:",
        "lead_answered_unknown": "{who} answered the question:",
        "lead_named": "{who} is named in the record but does not speak in it. Where the record names them:",
        "lead_named_several": "{who} are named in the record but do not speak in it. Where the record names them:",
        "lead_confirmed": "{who} answered “{reply}” to {asker}'s question:",
        "lead_confirmed_unknown": "{who} answered “{reply}” to the question:",
        "source_other": "The record quoted here is in Chinese; it is shown as recorded.",
        "exchanges_title": "Exchanges",
        "exchanges_heading": "Who answered what",
        "exchanges_intro": "Every question asked at the hearings and the answers given, as the record prints them.",
        "filter_hearing": "Hearing",
        "filter_all_hearings": "All hearings",
        "filter": "Filter",
        "clear": "Clear",
        "download_csv": "Download CSV",
        "exchange_count": "{n} exchanges",
        "exchange_count_one": "1 exchange",
        "exchanges_caption": "Questions and answers",
        "col_hearing": "Hearing",
        "col_asked_by": "Asked by",
        "col_question": "Question",
        "col_answered_by": "Answered by",
        "col_answer": "Answer",
        "col_source": "Source",
        "no_answer_recorded": "No answer recorded",
        "of_document": "of",
        "no_exchanges": "No exchange matches these filters.",
        "unnamed": "Unnamed",
        "speakers_title": "Speakers",
        "speakers_intro": "Everyone who speaks in the record, and the officials its rosters present.",
        "speakers_caption": "{n} speakers",
        "col_name": "Name",
        "col_role": "Role",
        "col_questions": "Questions",
        "col_answers": "Answers",
        "col_turns": "Turns",
        "speaker_counts": "{questions} questions, {answers} answers, {turns} turns in the record.",
        "speaker_silent": "{name} is named in the record, but does not speak in it: no question, answer or other statement of theirs is recorded.",
        "kind_question": "Question",
        "kind_answer": "Answer",
        "kind_statement": "Statement",
        "kind_procedural": "Procedure",
        "doc_date": "Date",
        "doc_original": "Original",
        "doc_file": "File",
        "doc_paragraph_link": "Link to paragraph {n}",
        "filter_official": "Official (answered)",
        "filter_any_official": "Any official",
        "filter_questioner": "Questioner (asked)",
        "filter_anyone": "Anyone",
        "filter_any_date": "Any date",
        "with_speaker": "With the speaker “{who}” (asking or answering).",
        "exchange_range": "{first}–{last} of {total} exchanges",
        "caption_answered_by": " answered by {who}",
        "caption_asked_by": " asked by {who}",
        "pages_of_exchanges": "Pages of exchanges",
        "previous": "Previous",
        "next": "Next",
        "page_of": "Page {page} of {pages}",
        "questions_answered": "Questions they answered",
        "questions_asked": "Questions they asked",
        "every_statement": "Every statement, in the order of the record",
        "speaker_silent_role": "{name} is named in the record as {role}, but does not speak in it: no question, answer or other statement of theirs is recorded.",
        # The answer card, citations and conversations (issue 15).
        "outcome_answered": "Answered from the record",
        "outcome_uncertain": "May not answer directly: the closest passages",
        "outcome_abstained": "The record does not say",
        "sources": "Sources",
        "source": "Source",
        "open_source": "Open in the record",
        "show_passages": "Show the passages",
        "share": "Link to this answer",
        "new_conversation": "New conversation",
        "copy_citation": "Copy citation",
        "copied": "Citation copied",
        "copy_failed": "Could not copy; select the text instead",
        "undated": "date not stated",
        "back_to_conversation": "Back to the conversation",
        "citation_tools": "Citation",
        "shared_title": "A shared answer",
        "shared_intro": "Someone shared this question and its answer from the record. Ask your own question in the "
                        "chat.",
        "shared_changed": "The record has changed since this answer was given; this is the answer as it was logged.",
        "shared_asked_at": "Asked on",
        "ask_your_own": "Ask your own question",
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
        "no_words": "请用文字写下您想了解的问题。",
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
        "nav_documents": "文件",
        "documents_title": "记录中的文件",
        "documents_intro": "回答所引用的每一场听证会和每一份报告，附日期和发言人。",
        "documents_count": "共 {n} 份文件",
        "documents_document": "文件",
        "documents_date": "日期",
        "documents_speakers": "发言人",
        "not_in_record": "记录中没有相关内容。已收录的听证记录都没有回答这个问题。",
        "lead_said": "{who}说：",
        "lead_asked": "{who}提问：",
        "lead_answered": "{who}回答了{asker}的问题：",
        "lead_answered_unknown": "{who}回答了提问：",
        "lead_named": "{who}在记录中被提及，但没有发言。记录中提及之处：",
        "lead_named_several": "{who}在记录中被提及，但都没有发言。记录中提及之处：",
        "lead_confirmed": "{who}对{asker}的提问答道：“{reply}”。提问是：",
        "lead_confirmed_unknown": "{who}对提问答道：“{reply}”。提问是：",
        "source_other": "引文出自英文记录，按原文显示。",
        "exchanges_title": "问答记录",
        "exchanges_heading": "谁回答了什么",
        "exchanges_intro": "听证会上提出的每个问题及所作的回答，均按记录原文列出。",
        "filter_hearing": "听证会",
        "filter_all_hearings": "全部听证会",
        "filter": "筛选",
        "clear": "清除",
        "download_csv": "下载 CSV",
        "exchange_count": "共 {n} 组问答",
        "exchange_count_one": "共 1 组问答",
        "exchanges_caption": "提问与回答",
        "col_hearing": "听证会",
        "col_asked_by": "提问人",
        "col_question": "问题",
        "col_answered_by": "回答人",
        "col_answer": "回答",
        "col_source": "来源",
        "no_answer_recorded": "记录中没有回答",
        "of_document": "出自",
        "no_exchanges": "没有符合筛选条件的问答。",
        "unnamed": "未具名",
        "speakers_title": "发言人",
        "speakers_intro": "记录中的每位发言人，以及记录名单中列出的官员。",
        "speakers_caption": "共 {n} 位发言人",
        "col_name": "姓名",
        "col_role": "职务",
        "col_questions": "提问",
        "col_answers": "回答",
        "col_turns": "发言",
        "speaker_counts": "在记录中提问 {questions} 次，回答 {answers} 次，发言 {turns} 次。",
        "speaker_silent": "{name}在记录中被提及，但没有发言。",
        "kind_question": "提问",
        "kind_answer": "回答",
        "kind_statement": "发言",
        "kind_procedural": "程序",
        "doc_date": "日期",
        "doc_original": "原文链接",
        "doc_file": "文件",
        "doc_paragraph_link": "链接到第 {n} 段",
        "filter_official": "官员（回答人）",
        "filter_any_official": "所有官员",
        "filter_questioner": "提问人",
        "filter_anyone": "任何人",
        "filter_any_date": "所有日期",
        "with_speaker": "与发言人“{who}”有关（提问或回答）。",
        "exchange_range": "第 {first}–{last} 组，共 {total} 组问答",
        "caption_answered_by": "（回答人：{who}）",
        "caption_asked_by": "（提问人：{who}）",
        "pages_of_exchanges": "问答分页",
        "previous": "上一页",
        "next": "下一页",
        "page_of": "第 {page} 页，共 {pages} 页",
        "questions_answered": "其回答的问题",
        "questions_asked": "其提出的问题",
        "every_statement": "按记录顺序列出的全部发言",
        "speaker_silent_role": "{name}在记录中以{role}的身份被提及，但没有发言：记录中没有其提问、回答或其他发言。",
        "outcome_answered": "记录中有答案",
        "outcome_uncertain": "可能没有直接回答：最相关的段落",
        "outcome_abstained": "记录中没有提到",
        "sources": "来源",
        "source": "来源",
        "open_source": "在记录中查看",
        "show_passages": "显示段落",
        "share": "此回答的链接",
        "new_conversation": "新对话",
        "copy_citation": "复制引文",
        "copied": "引文已复制",
        "copy_failed": "无法复制，请手动选择文字",
        "undated": "未注明日期",
        "back_to_conversation": "返回对话",
        "citation_tools": "引文",
        "shared_title": "分享的回答",
        "shared_intro": "有人分享了这个问题及其来自记录的回答。"
                        "您也可以在对话中提出自己的问题。",
        "shared_changed": "此回答给出后记录已有变化；以下是当时记录下的回答。",
        "shared_asked_at": "提问时间",
        "ask_your_own": "提出您自己的问题",
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
    return {"lang": lang, "t": MESSAGES[lang], "other_lang": other, "switch_href": switch,
            "answer_parts": lambda exchange: answer_parts(exchange, lang)}  # fmt: skip


def lead_line(parts: LeadOut | None, lang: str) -> str:
    """Who said the answer, in the interface's words (names and roles as the record gives them)."""
    if not parts:
        return ""
    t = MESSAGES[lang]
    who = f"{parts.speaker} ({parts.role})" if parts.role else parts.speaker
    if parts.act in ("answered", "confirmed"):
        key = f"lead_{parts.act}" if parts.asker else f"lead_{parts.act}_unknown"
    else:
        key = f"lead_{parts.act}_several" if parts.several else f"lead_{parts.act}"
    return t[key].format(who=who, asker=parts.asker, reply=parts.reply)


def answer_parts(exchange: AskResponse, lang: str) -> tuple[str, str]:
    """The chat's answer sentence in two parts: what the product says, in the interface's language (the
    refusal, or who said the answer), and the highlight quoted as recorded."""
    if not exchange.passages or (exchange.abstained and not exchange.unsaid):
        return MESSAGES[lang]["not_in_record"], ""
    return lead_line(exchange.lead_parts, lang), exchange.passages[0].highlight


def answer_line(exchange: AskResponse, lang: str) -> str:
    """The answer sentence as one text: the lead in the interface's words, then the quoted highlight."""
    said, quoted = answer_parts(exchange, lang)
    return " ".join(part for part in (said, quoted) if part)
