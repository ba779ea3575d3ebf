"""Makes the page fixtures of this folder from the real published page
tests/data/fixtures/html/pingtan-2019.html (a copy of ../shared/fixtures).
Run from the repository's root: python3 tests/data/pages/make.py
Python 3's standard library only; the outputs are committed, CI does not run this."""
import re

SRC = "tests/data/fixtures/html/pingtan-2019.html"
page = open(SRC, encoding="utf-8").read()
assert '<meta charset="utf-8"' in page

# GBK, declared in <meta charset>, as many government portals serve it.
declared = page.replace('<meta charset="utf-8"', '<meta charset="gbk"', 1)
open("tests/data/pages/pingtan-2019.gbk.html", "wb").write(declared.encode("gbk"))

# GBK with no declaration at all: the encoding must be detected.
undeclared = page.replace('<meta charset="utf-8" ', '<meta ', 1)
assert "charset" not in undeclared[:2000].lower()
open("tests/data/pages/pingtan-2019.gbk-undeclared.html", "wb").write(undeclared.encode("gbk"))

# Table 三 split in two <table> elements after its tenth row, its three
# header rows repeated at the top of the second part.
tables = [m.start() for m in re.finditer(r"<table\b", page)]
t3 = tables[1]
t3_end = page.index("</table>", t3)
open_tag = page[t3 : page.index(">", t3) + 1]
rows = [m.start() for m in re.finditer(r"<tr\b", page[t3:t3_end])]
header = page[t3 + rows[0] : t3 + rows[3]]
cut = t3 + rows[10]
split = page[:cut] + "</tbody></table>\n<p>（续表）</p>\n" + open_tag + "<tbody>" + header + page[cut:]
open("tests/data/pages/pingtan-2019.split.html", "w", encoding="utf-8").write(split)

# The report's body nested in a layout table beside a menu, as older
# portals lay out pages.
body_start = page.index("<body")
body_start = page.index(">", body_start) + 1
body_end = page.rindex("</body>")
nested = (
    page[:body_start]
    + '<table width="100%"><tr><td width="20%"><p>网站首页</p><p>政府信息公开</p><p>政府信息公开年报</p></td><td>'
    + page[body_start:body_end]
    + "</td></tr></table>"
    + page[body_end:]
)
open("tests/data/pages/pingtan-2019.nested.html", "w", encoding="utf-8").write(nested)
