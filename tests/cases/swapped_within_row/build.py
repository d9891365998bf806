"""Two compensating errors: in （二）部分公开 the 自然人 and 商业企业 numbers were swapped (1, 3 for
3, 1). The row total still holds; the two column sums break, and （一）予以公开 (商业企业 3) could take
the same +2/-2 as well, so the cells cannot be located."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, t2_values  # noqa: E402


def build(path: Path) -> None:
    v = t2_values()
    v["partial"][0], v["partial"][1] = v["partial"][1], v["partial"][0]
    build_standard(path, values=v)
