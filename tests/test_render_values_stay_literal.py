"""A fact value is printed literally; it can never add headings, paragraphs or table cells."""
from gwreport.facts import parse_facts_text
from gwreport.genre import GenreRegistry
from gwreport.model import Heading, Paragraph, Table
from gwreport.pipeline import build_facts


def _build(root, old, new):
    text = (root / "samples" / "website-selfcheck.yaml").read_text(encoding="utf-8")
    assert old in text
    return build_facts(parse_facts_text(text.replace(old, new, 1), "x.yaml"), GenreRegistry()).document


def _headings(doc):
    return [b.full for b in doc.body if isinstance(b, Heading)]


def test_multiline_value_does_not_open_a_heading(root):
    plain = _build(root, "x", "x")
    doc = _build(root, "  - detail: 个别栏目信息更新不及时，“政策解读”栏目近两个月未发布新内容",
                 '  - detail: "第一行\\n\\n## 第二行"')
    assert _headings(doc) == _headings(plain)
    assert len(doc.body) == len(plain.body)
    assert any("第一行" in b.text and "第二行" in b.text for b in doc.body if isinstance(b, Paragraph))


def test_value_starting_with_hash_stays_a_paragraph(root):
    plain = _build(root, "x", "x")
    doc = _build(root, "    content: 建立栏目责任清单，将每个栏目的更新任务落实到具体站所和人员，每周检查更新情况并通报", '    content: "# 建立栏目责任清单"')
    assert _headings(doc) == _headings(plain)


def test_pipe_in_value_does_not_make_a_table(root):
    doc = _build(root, "    content: 建立栏目责任清单，将每个栏目的更新任务落实到具体站所和人员，每周检查更新情况并通报", '    content: "| 甲 | 乙 |"')
    assert not any(isinstance(b, Table) for b in doc.body)
    assert any("｜ 甲 ｜ 乙 ｜" in b.text for b in doc.body if isinstance(b, Paragraph))


def test_jinja_in_a_value_is_printed_not_run(root):
    doc = _build(root, "  name: 青石镇人民政府", '  name: "{{ 7*7 }}镇"')
    assert doc.title.startswith("{{ 7*7 }}镇")
