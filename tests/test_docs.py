"""The README must keep up with the code: every setting and command is documented."""

import re
from pathlib import Path

from web.cli import main
from web.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    missing = [f"CITYQA_{name.upper()}" for name in Settings.model_fields if f"CITYQA_{name.upper()}" not in README]
    assert missing == []


def test_every_command_is_documented():
    assert [name for name in main.commands if f"`cityqa {name}" not in README] == []


def test_the_two_setup_commands_are_in_the_readme_and_the_makefile():
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")
    assert "make serve" in README and "make test" in README
    assert "\nserve:" in makefile and "\ntest:" in makefile


def test_the_architecture_page_is_linked_and_names_only_files_that_exist():
    root = Path(__file__).resolve().parent.parent
    page = (root / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert "(docs/ARCHITECTURE.md)" in README
    described = page.split("\nLanding now:")[0]  # what is landing is named before it exists
    named = set(re.findall(r"`((?:ingest|index|bot|web)/\w+\.py)`", described))
    named |= {f"{package}/{name}" for package, names in re.findall(r"\| `(\w+)/` \| ([^|]+)\|", described)
              for name in re.findall(r"`(\w+\.py)`", names)}
    assert len(named) > 30 and [path for path in sorted(named) if not (root / path).is_file()] == []
