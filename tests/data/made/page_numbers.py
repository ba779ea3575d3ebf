"""Adds a footer printing the page number to every section of a Word file:
`python3 page_numbers.py IN.docx OUT.docx bare|dash|emdash` (`3`, `- 3 -`,
`—  3  —`). See README.md."""
import zipfile, sys, re
src, dst, style = sys.argv[1], sys.argv[2], sys.argv[3]
before, after = {'bare':('',''), 'dash':('- ',' -'), 'emdash':('—  ','  —')}[style]
def run(t): return f'<w:r><w:t xml:space="preserve">{t}</w:t></w:r>' if t else ''
footer = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{run(before)}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>{run(after)}</w:p></w:ftr>'''
zin = zipfile.ZipFile(src); zout = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
for item in zin.infolist():
    data = zin.read(item.filename)
    if item.filename == 'word/document.xml':
        s = data.decode()
        ref = '<w:footerReference xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" w:type="default" r:id="rIdFooterX"/>'
        if '<w:sectPr' in s:
            s = re.sub(r'(<w:sectPr[^>]*>)', lambda m: m.group(1)+ref, s)
            s = s.replace('w:footer="0" w:bottom="567"', 'w:footer="567" w:bottom="1134"')
        else:
            s = s.replace('</w:body>', '<w:sectPr>'+ref+'</w:sectPr></w:body>')
        data = s.encode()
    elif item.filename == 'word/_rels/document.xml.rels':
        s = data.decode().replace('</Relationships>', '<Relationship Id="rIdFooterX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>')
        data = s.encode()
    elif item.filename == '[Content_Types].xml':
        s = data.decode().replace('</Types>', '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>')
        data = s.encode()
    zout.writestr(item, data)
zout.writestr('word/footer1.xml', footer)
zout.close()
