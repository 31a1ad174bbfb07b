"""Build ``notes/nvidia-q2-fy26-review.pdf``, the example broker report in PDF form.

The text lives here so that the PDF can be rebuilt and reviewed; each line is
written as one PDF text line (no automatic wrapping), so a PDF text layer
reads back the same lines. Run: ``python examples/make_pdf.py`` (needs fpdf2).
"""

from __future__ import annotations

import sys
from pathlib import Path

TITLE = "NVIDIA (NVDA.O): Q2 FY26 review - data centre strong, China at zero"

LINES = """\
Harbourview Research | US Semiconductors | 28 August 2025
Rating: Buy
Thesis: NVIDIA can grow without China; any return of H20 sales there is upside to our numbers.

Results
NVIDIA reported revenue of $46.7 billion for Q2 FY26, the quarter ended July 27, 2025.
That is 56% more than the $30.0 billion of Q2 FY25 and 6% more than the previous quarter.
Data center revenue was $41.1 billion, up 56% year on year, against $26.3 billion a year ago.
Non-GAAP gross margin was 72.7%, including a $180 million release of H20 inventory reserves.
There were no H20 sales to China-based customers in the quarter.
NVIDIA did sell $650 million of H20 to a customer outside China.

Guidance
For Q3 FY26 NVIDIA guided revenue to $54.0 billion, plus or minus 2%.
The outlook assumes no H20 shipments to China.
Non-GAAP gross margin is guided at 73.5%, plus or minus 50 basis points, so 73%-74%.
Over the trailing four quarters, TTM revenue reached about $165.2 billion.
Full-year FY25 revenue, for the year ended January 26, 2025, was $130.5 billion.

China
China, including Hong Kong, brought in $17.1 billion in FY25, about 13% of sales.
Since April 2025 the H20 has needed a US export licence, and Beijing has told buyers to avoid it.
We model zero China data center revenue until licences are granted and used.
Chinese clouds, from Alibaba Cloud to Tencent Cloud, are moving to local accelerators.
Huawei and Alibaba's chip unit T-Head are the main domestic alternatives.
DeepSeek trained its V3 model on H800s, the chip the H20 replaced for China in 2023.

Our view
Demand from US hyperscalers more than offsets China for now.
Blackwell data center revenue grew 17% from the previous quarter.
We keep our Buy rating.

Risks
1. Export rules may tighten further and reach other products.
2. Large customers may shift more work to their own chips.
3. Supply of advanced packaging may limit shipments.
"""


def build(out: Path) -> None:
    """Write the PDF to ``out``: a title line and the body, one text line per source line."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(TITLE)
    pdf.set_author("Harbourview Research")
    pdf.set_creation_date(__import__("datetime").datetime(2025, 8, 28))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for line in LINES.splitlines():
        if not line:
            pdf.ln(3)
            continue
        heading = line in {"Results", "Guidance", "China", "Our view", "Risks"}
        pdf.set_font("Helvetica", "B" if heading else "", 11 if heading else 9.5)
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    out.write_bytes(bytes(pdf.output()))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "notes" / "nvidia-q2-fy26-review.pdf"
    build(target)
    print(f"wrote {target}")
