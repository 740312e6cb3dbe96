#!/usr/bin/python3
"""xlsx_read.py -- dump an Excel workbook as JSON for tests/test_xlsx.c.

Usage: xlsx_read.py FILE.xlsx

Prints {"sheets": [{"name", "frozen", "widths", "rows", "types",
"formats"}]}: rows are the cell values (numbers as numbers, text as text,
empty cells null), types one letter per cell ("n" number, "s" text, "b"
boolean, "" empty), formats the number format of each cell, widths the
column widths by letter.  Exit 3 when openpyxl (Debian python3-openpyxl) is
missing, so the test can say which package to install.
"""
import json
import sys

try:
    import openpyxl
except ImportError:
    sys.stderr.write("xlsx_read.py: the Python module openpyxl is missing: "
                     "apt-get install -y python3-openpyxl\n")
    sys.exit(3)


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    out = []
    for ws in wb.worksheets:
        rows, types, formats = [], [], []
        for row in ws.iter_rows():
            rows.append([c.value for c in row])
            types.append(["" if c.value is None else
                          "b" if isinstance(c.value, bool) else
                          "n" if isinstance(c.value, (int, float)) else "s"
                          for c in row])
            formats.append([c.number_format for c in row])
        out.append({
            "name": ws.title,
            "frozen": ws.freeze_panes,
            "widths": {k: v.width for k, v in ws.column_dimensions.items()},
            "rows": rows,
            "types": types,
            "formats": formats,
        })
    json.dump({"sheets": out}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
