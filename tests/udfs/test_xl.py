"""The xlwings layer: every JX_ wrapper is listed, ASCII-named, documented for Excel's function
wizard (at most 255 characters) and calls its pure function."""

import inspect

import pytest

from udfs import xl


def _public_wrappers():
    return {name for name, obj in vars(xl).items() if name.startswith("JX_") and callable(obj)}


def test_every_wrapper_is_registered_once():
    names = [u.name for u in xl.UDFS]
    assert sorted(names) == sorted(_public_wrappers())
    assert len(names) == len(set(names))


@pytest.mark.parametrize("entry", xl.UDFS, ids=lambda u: u.name)
def test_name_is_ascii_with_prefix_and_doc_fits_the_wizard(entry):
    assert entry.name.isascii() and entry.name.startswith("JX_") and entry.name.isupper()
    assert 0 < len(entry.doc) <= 255
    assert any("\u4e00" <= ch <= "\u9fff" for ch in entry.doc), "the description is for Chinese users"


@pytest.mark.parametrize("entry", xl.UDFS, ids=lambda u: u.name)
def test_wrapper_calls_its_pure_function(entry, monkeypatch):
    calls = []
    pure = entry.pure

    def spy(*args, **kwargs):
        calls.append(args)
        return pure(*args, **kwargs)

    monkeypatch.setattr(xl, pure.__name__, spy)
    entry.function(*entry.example)
    assert calls, f"{entry.name} did not call {pure.__name__}"


@pytest.mark.parametrize("entry", xl.UDFS, ids=lambda u: u.name)
def test_wrapper_accepts_empty_cells_without_raising(entry):
    arity = len(inspect.signature(entry.function).parameters)
    assert entry.function(*([None] * arity)) in ("", 0, 0.0, "定性")


def test_examples_give_the_documented_results():
    results = {name: result for name, _, _, result in xl.catalogue()}
    assert results == {
        "JX_NUMBER": "351.25", "JX_UNIT": "万人", "JX_RATE": "1", "JX_CHANGE_RATE": "-0.1177777778",
        "JX_SAVING_RATE": "0.04", "JX_EXEC_SCORE": "10", "JX_SCORE": "10", "JX_DIRECTION": "反向",
        "JX_TARGET": "0.95", "JX_BAND": "部分达成", "JX_STEP_SCORE": "1", "JX_TOTAL": "99.5", "JX_GRADE": "优",
    }


def test_cells_show_nothing_for_no_value():
    assert xl.JX_RATE(5, 0) == ""
    assert xl.JX_SCORE("效果明显", "效果明显", 10) == ""
    assert xl.JX_GRADE(None) == ""
