"""A township with no website or no new-media accounts gets sentences that make sense."""
import re

from gwreport.facts import parse_facts_text
from gwreport.genre import GenreRegistry
from gwreport.pipeline import build_facts


def _zero_text(root, websites=True, media=True, media_checked=None):
    s = (root / "samples" / "website-selfcheck.yaml").read_text(encoding="utf-8")
    if websites:
        s = re.sub(r"websites:\n(?:  .*\n)+", "websites:\n  total: 0\n  checked: 0\n  failed: 0\n  columns_total: 0\n"
                   "  columns_stale: 0\n  columns_empty: 0\n  broken_links: 0\n  errors_found: 0\n", s)
    if media:
        s = re.sub(r"new_media:\n(?:  .*\n|    .*\n)+", "new_media:\n  by_type:\n    wechat: 0\n    weibo: 0\n"
                   "    douyin: 0\n    other: 0\n  by_owner: []\n  checked: 0\n  failed: 0\n  closed: 0\n", s)
    if media_checked is not None:
        s = s.replace("  checked: 6\n  failed: 1\n  closed: 1\n", f"  checked: {media_checked}\n  failed: 0\n  closed: 0\n")
    return build_facts(parse_facts_text(s, "x.yaml"), GenreRegistry()).document.plain_text()


def test_no_website_no_accounts_overview(root):
    text = _zero_text(root)
    assert "共0个" not in text and "合格率无" not in text and "抽查0个" not in text
    assert "未主办政府网站" in text and "未开设政务新媒体账号" in text


def test_accounts_but_none_spot_checked(root):
    text = _zero_text(root, websites=False, media=False, media_checked=0)
    assert "抽查0个" not in text and "抽查账号0个" not in text
    assert "未开展账号抽查" in text or "本次未抽查" in text
