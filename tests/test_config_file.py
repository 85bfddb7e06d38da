"""Mistakes an office makes in config.yaml end in one Vietnamese message with the line and what
to do; nothing is silently replaced."""

import pytest

from pipeline.config import ConfigError, load_config

CASES = {
    "a Tab": ("money_unit: trieu\n\tprovinces:\n", ["dòng 2", "Tab"]),
    "no space after ':'": ("provinces:\n  bac-kan:\n    name:Bắc Kạn\n", ["thiếu dấu cách sau dấu “:”"]),
    "a province twice": ("provinces:\n  bac-kan:\n    name: A\n  bac-kan:\n    name: B\n",
                         ["“bac-kan” ghi hai lần", "dòng 2", "dòng 4"]),
    "a mistyped key": ("provinces:\n  bac-kan:\n    name: A\n    signr:\n      name: X\n", ["ý bạn là “signer”?"]),
    "an unclosed quote": ('provinces:\n  bac-kan:\n    name: "Bắc Kạn\n', ["dấu nháy"]),
    "uneven indent": ("provinces:\n  bac-kan:\n    name: A\n   place: B\n", ["dòng 4"]),
    "a wrong money unit": ("money_unit: tien\n", ["đơn vị tiền “tien” không hợp lệ"]),
}


@pytest.mark.parametrize("name", CASES)
def test_config_mistakes_are_named_in_vietnamese(name, tmp_path):
    text, words = CASES[name]
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert all(w in message for w in words), message
    assert not any(english in message for english in ("found character", "mapping values", "could not find",
                                                        "Extra inputs", "while scanning"))


def test_a_folder_given_as_the_config_file(tmp_path):
    with pytest.raises(ConfigError, match="là một thư mục"):
        load_config(tmp_path)
