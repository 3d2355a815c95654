"""Text: HTML remnants, bullets, placeholders."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koryu.normalize.text import clean_text, is_placeholder, nfkc


def test_nfkc():
    assert nfkc("ＡＢＣ１２３（）") == "ABC123()"
    assert nfkc("ｳﾗｼﾞｵｽﾄｸ") == "ウラジオストク"


def test_paragraphs_become_lines():
    assert clean_text("<p>一つ目。</p> <p>二つ目。</p>") == "一つ目。\n二つ目。"


def test_br_entities_and_spaces():
    assert clean_text("A&amp;B<br>C&nbsp;&nbsp; D   E\u3000F") == "A&B\nC D E F"


def test_glued_bullets_in_a_list_start_lines_but_foreign_names_stay():
    text = '<ul style="x">・港の視察・イル・ド・フランス州の訪問・上水道の研修受入</ul>'
    assert clean_text(text) == "・港の視察\n・イル・ド・フランス州の訪問\n・上水道の研修受入"


def test_spaced_bullets_keep_interpuncts_inside_items():
    text = "<ul> ・投資を促進・支援する。 ・情報を共有する。"
    assert clean_text(text) == "・投資を促進・支援する。\n・情報を共有する。"


def test_li_and_markdown_list_remnants():
    assert clean_text("<ul><li>一</li><li>二</li></ul>") == "一\n二"
    assert clean_text("- ・一\n- ・二") == "・一\n・二"


def test_interpunct_between_words_is_not_a_bullet():
    assert clean_text("文化・スポーツなどの交流") == "文化・スポーツなどの交流"


def test_empty():
    assert clean_text("") == ""
    assert clean_text("<p></p>\n\n") == ""


@pytest.mark.parametrize("text", ["", "--", "－", "―", "なし", "特になし", "  ", "<p>--</p>", None])
def test_placeholders(text):
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["北海道札幌市", "0", "なしの木", "http://x"])
def test_not_placeholders(text):
    assert not is_placeholder(text)


html_ish = st.text(alphabet=st.sampled_from(list("ab文化・ 　\n\t<>/pulbr&;。）-"))) | st.text()


@given(html_ish)
def test_clean_text_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.text())
def test_clean_text_never_crashes_and_strips(text):
    out = clean_text(text)
    assert out == out.strip()
    assert "\n\n" not in out
    is_placeholder(text)
