"""config.yaml: province identities for the document header, column aliases, status vocabulary.

Validated on load; every problem becomes a Vietnamese message naming the key that is wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from pipeline.core.errors import CannotStart
from pipeline.core.findings import Finding, Severity
from pipeline.core.model import FIELDS, Counting, Status
from pipeline.core.textnorm import fold, slugify

UNITS = ("dong", "nghin", "trieu", "ty")


def _money_unit(v: str) -> str:
    if fold(v) not in UNITS:
        raise ValueError(f"đơn vị tiền “{v}” không hợp lệ; dùng một trong: dong, nghin, trieu, ty")
    return fold(v)


MoneyUnit = Annotated[str, AfterValidator(_money_unit)]


class ConfigError(CannotStart):
    """config.yaml cannot be used; str() is a Vietnamese message for the user."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Signer(_Strict):
    prefix: str = Field("KT. GIÁM ĐỐC", description="Quyền hạn ký: 'KT. GIÁM ĐỐC', 'TL. GIÁM ĐỐC' hoặc để trống")
    title: str = "PHÓ GIÁM ĐỐC"
    name: str = ""


class Dialect(_Strict):
    """A pinned table layout: which sheet, which rows are the header, which column holds what."""

    sheet: str = Field("*", description="Tên trang tính, hoặc * cho mọi trang")
    header_rows: tuple[int, int]
    columns: dict[str, str]
    unit: MoneyUnit | None = None

    @field_validator("columns")
    @classmethod
    def _columns(cls, v: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(v) - set(FIELDS))
        if unknown:
            raise ValueError(f"tên cột không có: {', '.join(unknown)}; các tên hợp lệ: {', '.join(FIELDS)}")
        bad = [f"{f}: {c}" for f, c in v.items() if not str(c).isalpha() or len(str(c)) > 3]
        if bad:
            raise ValueError(f"cột phải ghi bằng chữ cái như trong Excel (A, B, …, AA): {', '.join(bad)}")
        missing = [f for f in ("name", "support") if f not in v]
        if missing:
            raise ValueError(f"thiếu cột bắt buộc: {', '.join(missing)}")
        return {f: str(c).upper() for f, c in v.items()}

    @field_validator("header_rows")
    @classmethod
    def _rows(cls, v: tuple[int, int]) -> tuple[int, int]:
        if not 1 <= v[0] <= v[1]:
            raise ValueError("header_rows là [dòng đầu, dòng cuối] của phần tên cột, đánh số từ 1")
        return v


class ProvinceConfig(_Strict):
    name: str
    governing_body: str | None = None
    issuing_body: str = "SỞ CÔNG THƯƠNG"
    place: str | None = None
    symbol: str = "BC-SCT"
    center: str = "Trung tâm Khuyến công"
    signer: Signer = Signer()
    recipients: list[str] = Field(default_factory=lambda: [
        "Bộ Công Thương (b/c)",
        "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công (b/c)",
        "UBND tỉnh (b/c)",
        "Lãnh đạo Sở",
    ])
    archive: str = "Lưu: VT, TTKC."
    kinh_gui: list[str] = Field(default_factory=list)
    templates: str | None = None
    money_unit: MoneyUnit | None = None
    columns: dict[str, list[str]] = Field(default_factory=dict)
    is_city: bool = False
    counting: Counting = Counting.SEPARATE
    dialect: list[Dialect] = Field(default_factory=list)  # pinned layouts; `check --dialect` prints one

    @field_validator("columns")
    @classmethod
    def _columns(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(v) - set(FIELDS))
        if unknown:
            raise ValueError(f"tên cột không có: {', '.join(unknown)}; các tên hợp lệ: {', '.join(FIELDS)}")
        return v

    @property
    def governing(self) -> str:
        if self.governing_body:
            return self.governing_body
        kind = "THÀNH PHỐ" if self.is_city else "TỈNH"
        return f"UBND {kind} {self.name.upper()}"

    @property
    def place_name(self) -> str:
        return self.place or self.name


class StatusVocabulary(_Strict):
    status: Status
    phrases: list[str]


class Config(_Strict):
    """Shared settings. Column names, status phrases and source words are built in
    (pipeline/config/vocab.yaml); the lists here only add to them."""

    money_unit: MoneyUnit = "trieu"
    columns: dict[str, list[str]] = Field(default_factory=dict)
    statuses: list[StatusVocabulary] = Field(default_factory=list)
    provinces: dict[str, ProvinceConfig] = Field(default_factory=dict)
    source_words: dict[str, list[str]] = Field(default_factory=dict)
    templates_dir: str = "templates"
    # `tong-hop`: the body that issues a roll-up over several provinces, and named regions
    tong_hop: ProvinceConfig = ProvinceConfig(
        name="Bộ Công Thương", governing_body="BỘ CÔNG THƯƠNG",
        issuing_body="CỤC ĐỔI MỚI SÁNG TẠO, CHUYỂN ĐỔI XANH VÀ KHUYẾN CÔNG", place="Hà Nội", symbol="BC-ĐMST",
        signer=Signer(prefix="KT. CỤC TRƯỞNG", title="PHÓ CỤC TRƯỞNG"), recipients=["Lãnh đạo Bộ (để b/c)"],
        archive="Lưu: VT, KC.")
    regions: dict[str, list[str]] = Field(default_factory=dict)
    region_names: dict[str, str] = Field(default_factory=dict)  # "phia-bac": "khu vực phía Bắc", as the text says it

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("source_words")
    @classmethod
    def _sources(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(v) - {"KCQG", "KCDP"})
        if unknown:
            raise ValueError(f"nguồn không có: {', '.join(unknown)}; chỉ dùng KCQG, KCDP")
        return v

    @field_validator("columns")
    @classmethod
    def _columns(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(v) - set(FIELDS))
        if unknown:
            raise ValueError(f"tên cột không có: {', '.join(unknown)}; các tên hợp lệ: {', '.join(FIELDS)}")
        return v

    def province(self, slug: str) -> tuple[ProvinceConfig, bool]:
        """Province settings and whether config lists it (False = defaults were used).

        A folder named with accents or spaces ("Bắc Kạn") finds the entry "bac-kan".
        """
        for key in (slug, slugify(slug)):
            if key in self.provinces:
                return self.provinces[key], True
        known = _known_provinces().get(slugify(slug))
        if known:
            return ProvinceConfig(name=known["name"], is_city=bool(known.get("city"))), False
        return ProvinceConfig(name=slug.replace("-", " ").title()), False


def missing_signer(province: ProvinceConfig, key: str) -> list[Finding]:
    """A report is signed by name: an empty signer name is said (the report leaves the line empty)."""
    if province.signer.name.strip():
        return []
    return [Finding(Severity.WARNING, "Chưa ghi họ tên người ký; chỗ ký của báo cáo để trống.", "config.yaml",
                    cell=f"{key}.signer.name", code="NO_SIGNER",
                    hint=f"Ghi họ tên người ký vào {key}.signer.name trong config.yaml.")]


@lru_cache(maxsize=1)
def _known_provinces() -> dict[str, dict[str, Any]]:
    data = yaml.load((Path(__file__).with_name("provinces.yaml")).read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    return {slugify(p["name"]): p for p in data}


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses ten times faster when present


class _UniqueKeyLoader(_SAFE_LOADER):
    """A YAML mapping that names a key twice is refused: the second block would silently replace
    the first (a province copied and edited under the same name)."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ConfigError(f"khóa “{key}” ghi hai lần (dòng {seen[key] + 1} và dòng {key_node.start_mark.line + 1}); "
                              "khối sau sẽ thay khối trước. Gộp lại hoặc xóa một khối.")
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)

# YAML's own words about a mistake, and what to do, in Vietnamese.
_YAML_PROBLEMS = [
    (r"found character '\\t'", "có ký tự Tab; YAML chỉ dùng dấu cách để thụt lề (thay Tab bằng dấu cách)"),
    (r"mapping values are not allowed here", "dấu “:” không đúng chỗ: sau dấu “:” phải có một dấu cách, và giá trị có "
                                            "dấu “:” phải đặt trong ngoặc kép"),
    (r"could not find expected ':'", "thiếu dấu “:” sau tên khóa (hoặc thiếu dấu cách sau dấu “:”)"),
    (r"did not find expected key|expected <block end>", "thụt lề không đều: các khóa cùng cấp phải thẳng hàng, "
                                                        "dùng cùng số dấu cách"),
    (r"while scanning a quoted scalar|found unexpected end of stream", "dấu nháy mở chưa đóng"),
    (r"expected ',' or '\]'|expected ',' or '\}'", "ngoặc vuông [ … ] hoặc ngoặc nhọn { … } chưa đóng, hoặc thiếu dấu phẩy "
                                                  "giữa các mục"),
    (r"did not find expected '-' indicator", "danh sách không thẳng hàng: các dòng “- …” phải thụt lề bằng nhau"),
    (r"found undefined alias|found unknown escape character", "có ký tự đặc biệt (*, &, \\) ngoài ngoặc kép; đặt giá "
                                                              "trị trong ngoặc kép"),
]


def _yaml_problem(exc: yaml.YAMLError) -> str:
    text = f"{getattr(exc, 'problem', '')} {getattr(exc, 'context', '')}"
    for pattern, message in _YAML_PROBLEMS:
        if re.search(pattern, text):
            return message
    return f"lỗi cú pháp YAML ({getattr(exc, 'problem', exc)})"


def _python_parser_error(path: Path, exc: yaml.YAMLError) -> yaml.YAMLError:
    """The same mistake as the pure-Python parser words it: libyaml places some marks at the end
    of the file; a clerk needs the line the mistake is on."""
    try:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as again:
        return again
    return exc


def load_config(path: Path) -> Config:
    if path.is_dir():
        raise ConfigError(f"{path} là một thư mục, không phải tệp cấu hình; chỉ rõ tệp, vd. {path / 'config.yaml'}.")
    if not path.exists():
        raise ConfigError(f"Không tìm thấy tệp cấu hình {path}.")
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader
    except UnicodeDecodeError:
        raise ConfigError(f"Tệp cấu hình {path} không ở mã UTF-8; hãy lưu lại với mã hóa UTF-8.") from None
    except ConfigError as exc:
        raise ConfigError(f"Tệp cấu hình {path}: {exc}") from None
    except yaml.YAMLError as exc:
        exc = _python_parser_error(path, exc)
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark else ""
        raise ConfigError(f"Tệp cấu hình {path} viết sai{where}: {_yaml_problem(exc)}.") from None
    except OSError as exc:
        raise ConfigError(f"Không đọc được tệp cấu hình {path}: {exc.strerror}.") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"Tệp cấu hình {path} phải là một bảng khóa: giá trị (mapping).")
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        lines = [f"Tệp cấu hình {path} có {exc.error_count()} lỗi:"]
        lines += [f"  - {_loc(e['loc'])}: {_message(e)}" for e in exc.errors()]
        raise ConfigError("\n".join(lines)) from None


def _loc(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "(gốc)"


_MESSAGES = {
    "missing": "thiếu khóa bắt buộc",
    "extra_forbidden": "khóa không được hỗ trợ (kiểm tra chính tả)",
    "string_type": "phải là chuỗi ký tự",
    "list_type": "phải là danh sách",
    "dict_type": "phải là bảng khóa: giá trị",
    "model_type": "phải là bảng khóa: giá trị",
    "enum": "giá trị không hợp lệ; dùng một trong: completed, in_progress, adjusting, stopped, not_started",
    "bool_type": "phải là true hoặc false",
}


def _message(error: dict) -> str:
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    given = error.get("input")
    if error["type"] in ("model_type", "dict_type") and isinstance(given, str) and re.search(r"\w:\S", given):
        return f"“{given}” thiếu dấu cách sau dấu “:” (viết “{given.replace(':', ': ', 1)}”, mỗi khóa một dòng)"
    if error["type"] == "extra_forbidden":
        key = str(error["loc"][-1])
        if ":" in key:
            return f"khóa “{key}” thiếu dấu cách sau dấu “:”"
        return f"khóa không có{_nearest_key(error['loc'])} (kiểm tra chính tả)"
    return _MESSAGES.get(error["type"], error["msg"])


def _nearest_key(loc: tuple) -> str:
    """" (ý bạn là “signer”?)" for a mistyped key, from the keys the place in the file allows."""
    import difflib

    model: Any = Config
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        annotation = getattr(field, "annotation", None) if field else None
        if annotation is not None and hasattr(annotation, "model_fields"):
            model = annotation
        elif part in ("provinces", "tong_hop") or model is Config and part == "tong_hop":
            model = ProvinceConfig
    known = list(getattr(model, "model_fields", {}))
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    return f" (ý bạn là “{close[0]}”?)" if close else ""
