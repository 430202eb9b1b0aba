"""The README must keep up with the code: every setting and command is documented."""

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
