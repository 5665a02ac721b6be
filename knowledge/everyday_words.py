"""Everyday words for the plans' own terms: a question saying "người mới vào Đảng" is also read
as "kết nạp đảng viên".

The table is built from the plans' vocabulary as a whole (the concepts every implementation
plan of Nghị quyết 21 and Kết luận 38 deals in: admission, meetings, ratings, discipline,
information work, staff and allowances, the apparatus), each with the words members use for it
in speech. Folded on both sides; a phrase is matched on whole syllables.
"""

from __future__ import annotations

# folded plan phrase → folded everyday phrases that mean it
PLAN_TERMS: dict[str, tuple[str, ...]] = {
    "ket nap dang vien": (
        "vao dang",
        "nguoi moi vao dang",
        "ket nap nguoi",
        "ket nap them",
        "tang them dang vien",
        "them dang vien moi",
        "nhan vao dang",
    ),
    "phat trien dang vien": ("ket nap them", "them dang vien", "tang so dang vien"),
    "sinh hoat chi bo": ("hop chi bo", "di hop chi bo", "hop dang", "buoi hop chi bo"),
    "sinh hoat chuyen de": ("hop chuyen de", "hop theo chuyen de"),
    "thoi gian sinh hoat chi bo": ("lich hop chi bo", "lich hop", "ngay hop chi bo"),
    "mien sinh hoat dang": ("khong di hop", "nghi hop", "khong phai di hop", "khong hop"),
    "tuoi cao suc yeu": ("gia yeu", "nguoi gia", "lon tuoi", "om yeu", "om dau"),
    "danh gia xep loai": ("cham diem", "xep hang", "cham loai", "cham xuat sac", "duoc cham"),
    "khong vuot qua": ("khong che", "toi da", "khong duoc qua", "gioi han"),
    "mang xa hoi": ("facebook", "zalo", "tiktok", "len mang", "tren mang"),
    "internet": ("tren mang", "online", "len mang", "mang"),
    "thong tin xau doc": ("tin xau", "tin gia", "tin doc", "tin xuyen tac"),
    "luan dieu xuyen tac": ("noi xau", "bia dat", "xuyen tac"),
    "dong gop y kien": ("gop y", "cho y kien"),
    "lay y kien": ("hoi y kien", "hoi dan", "xin y kien"),
    "phan bien xa hoi": ("hoi y kien dan", "dan gop y"),
    "can bo yeu kem": ("lam khong duoc viec", "khong lam duoc viec", "kem nang luc", "yeu kem"),
    "thay the": ("cho nghi", "thay nguoi", "doi nguoi"),
    "xu ly ky luat": ("bi phat", "bi xu ly", "xu phat", "bi ky luat"),
    "kiem nhiem": ("kiem luon", "kiem them", "giu hai chuc", "lam luon"),
    "dong thoi la": ("kiem luon", "kiem"),
    "chuyen trang chuyen muc": ("chuyen muc", "muc rieng", "chuong trinh rieng"),
    "phuong tien thong tin dai chung": ("tivi", "ti vi", "truyen hinh", "bao dai", "dai phat thanh"),
    "boi duong": ("lop hoc", "tap huan", "mo lop", "dao tao"),
    "doi tuong ket nap dang": ("cam tinh dang", "lop cam tinh", "quan chung uu tu"),
    "tai lieu": ("giao trinh", "sach", "tai lieu moi"),
    "du sinh hoat chi bo": ("xuong du hop", "du hop chi bo", "ve du hop", "den du hop"),
    "phan cong cap uy vien": ("cu nguoi xuong", "cu can bo xuong", "phan cong nguoi"),
    "to dang": ("chia nho", "chia to", "to nho"),
    "dang vien di lam an xa": ("di lam xa", "di lam an xa", "xa que", "lam an xa"),
    "dang vien ra nuoc ngoai": ("di nuoc ngoai", "ra nuoc ngoai", "xuat khau lao dong"),
    "cong nhan": ("tho", "nguoi lao dong"),
    "doanh nghiep ngoai nha nuoc": ("cong ty tu nhan", "cong ty ngoai nha nuoc", "doanh nghiep tu nhan"),
    "noi cu tru": ("noi o", "cho o", "khu dan cu", "noi song"),
    "tham nhung tieu cuc": ("an hoi lo", "hoi lo", "an cap", "tham o"),
    "mat doan ket noi bo": ("mat doan ket", "luc duc", "chia re", "bat hoa"),
    "nguoi dung dau": ("thu truong", "sep", "cap truong"),
    "tinh gian bien che": ("giam nguoi", "cat giam", "bot nguoi", "gon bo may"),
    "sap xep to chuc bo may": ("gon bo may", "sap nhap", "sap xep lai", "tinh gon"),
    "phu cap": ("tra tien", "tien phu cap", "tien luong", "bo duong"),
    "khoan kinh phi": ("tra theo kieu khoan", "khoan tien", "khoan gon"),
    "cam ket tu duong ren luyen": ("viet cam ket", "cam ket ren luyen", "ban cam ket"),
    "cong trinh du an": ("lam duong", "lam cau", "xay truong", "xay dung duong"),
    "nhan dan": ("nguoi dan", "ba con", "dan"),
    "doan vien thanh nien": ("thanh nien", "doan vien", "tre"),
    "dua ra khoi dang": ("khai tru", "duoi ra khoi dang", "loai khoi dang", "gach ten"),
    "xoa ten": ("gach ten", "xoa ten"),
    "ho gia dinh": ("tung nha", "nha dan", "tung ho"),
    "nam chac": ("nam sat", "nam ro", "nam bat"),
    "tao nguon": ("lay tu dau", "nguon", "tim nguoi"),
    "nha truong": ("truong hoc", "hieu truong", "ban giam hieu"),
    "dai hoi": ("bau cu", "bau lai"),
    "quy hoach can bo": ("nguoi ke can", "chuan bi nguoi"),
    "bao cao": ("gui len", "bao len", "trinh len"),
    "ty le": ("phan tram", "bao nhieu phan tram"),
    "thuong xuyen": ("lien tuc", "hang ngay"),
    "dinh ky": ("bao lau mot lan", "may thang mot lan", "bao lau"),
}

_BY_FIRST: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
for _term, _variants in PLAN_TERMS.items():
    for _everyday in _variants:
        _BY_FIRST.setdefault(_everyday.split()[0], []).append(
            (tuple(_everyday.split()), tuple(_term.split()))
        )
for _phrases in _BY_FIRST.values():
    _phrases.sort(key=lambda item: -len(item[0]))
MAX_REWRITES = 6
# Words of the everyday phrases, and a few common words the plans never use: none of them
# says a question is about something else.
FAMILIAR = frozenset(
    word for variants in PLAN_TERMS.values() for phrase in variants for word in phrase.split()
) | frozenset(("gui", "them", "gom", "khop", "luon", "nua", "xem", "giup"))


def rewritten(syllables: list[str]) -> list[str]:
    """`syllables` with each everyday phrase (the longest at each place, at most
    `MAX_REWRITES`) replaced by the plans' term for it."""
    result: list[str] = []
    position = 0
    found = 0
    while position < len(syllables):
        match = None
        if found < MAX_REWRITES:
            for everyday, term in _BY_FIRST.get(syllables[position], ()):
                if tuple(syllables[position : position + len(everyday)]) == everyday:
                    match = (everyday, term)
                    break
        if match is None:
            result.append(syllables[position])
            position += 1
            continue
        result.extend(match[1])
        position += len(match[0])
        found += 1
    return result
