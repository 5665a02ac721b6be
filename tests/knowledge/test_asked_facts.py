"""Facts a question asks for literally (knowledge.fact_kinds), spelling variants, the part of a
passage an answer shows and the outline of a long part: units first, then over the real plans
(skipped when ../shared/plans is absent)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.i18n import Catalogs
from handlers.plan_answers import render
from knowledge import PlanIndex, parse_plan
from knowledge.answers import AnswerKind, answer
from knowledge.everyday_words import both_roles, typed_spellings
from knowledge.fact_kinds import FactKind, asked_fact, counted, total_asked
from knowledge.index import SHOWN_CHARS, SITUATION_CHARS, _level_said, _other_spelling
from knowledge.textnorm import fold_key

SHARED_PLANS = Path(__file__).resolve().parents[2] / ".." / "shared" / "plans"
TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("đảng viên bao nhiêu tuổi thì được miễn sinh hoạt đảng", FactKind.AGE),
        ("tuoi toi da de ket nap dang", FactKind.AGE),
        ("phụ cấp bí thư chi bộ thôn mỗi tháng bao nhiêu tiền", FactKind.MONEY),
        ("muc dong dang phi cua dang vien huu tri la bao nhieu", FactKind.MONEY),
        ("dang vien du bi bao lau thi duoc chuyen chinh thuc", FactKind.DURATION),
        ("cho em xin so dien thoai van phong dang uy xa", FactKind.CONTACT),
        ("email cua Van phong Huyen uy la gi", FactKind.CONTACT),
        ("Chủ tịch UBND xã Ia Hiao tên gì", FactKind.PERSON_NAME),
        ("chi bộ sinh hoạt thường kỳ vào ngày mấy hằng tháng", FactKind.DAY_OF_MONTH),
        ("hang thang chi bo hop vao ngay nao", FactKind.DAY_OF_MONTH),
        ("Điều lệ Đảng có bao nhiêu chương?", FactKind.DOCUMENT_PARTS),
        ("luong co so nam 2025 la bao nhieu", FactKind.MONEY),
        ("Mức đóng đảng phí của đảng viên là công chức bao nhiêu %?", FactKind.MONEY),
        ("chi bo duoc giu lai bao nhieu phan tram dang phi", FactKind.MONEY),
        ("mau bien ban sinh hoat chi bo thang", FactKind.FORM),
        ("Thang điểm 100 chấm chất lượng sinh hoạt chi bộ gồm những tiêu chí nào?", FactKind.SCORE),
        ("Làm sao để cài Zalo trên máy tính?", FactKind.DEVICE),
        ("quen mat khau facebook", FactKind.DEVICE),
        ("lam sao tai zalo ve may tinh", FactKind.DEVICE),
        ("cách cài ứng dụng trên điện thoại", FactKind.DEVICE),
        ("tiền thưởng cho chi bộ trong sạch vững mạnh tiêu biểu là bao nhiêu", FactKind.MONEY),
        ("khoan tien ho tro cho bi thu chi bo la bao nhieu", FactKind.MONEY),
        ("ai la chu tich ubnd xa ia hiao hien nay", FactKind.PERSON_NAME),
    ],
)
def test_a_question_asking_for_a_literal_fact_names_its_kind(question: str, kind: FactKind) -> None:
    asked = asked_fact(fold_key(question))
    assert asked is not None and asked.kind is kind


@pytest.mark.parametrize(
    "question",
    [
        # "bao nhiêu đồng chí" counts people, not money
        "Tổng số cấp ủy viên cơ sở của huyện Tây Sơn là bao nhiêu đồng chí",
        "bao nhieu phan tram chi dang bo co so hoan thanh tot nhiem vu",
        # how often, not how long
        "Tây Sơn: bao lâu thì sơ kết chương trình hành động một lần?",
        "tien khoan cho may nguoi lam khong chuyen trach o thon thi tinh the nao",
        # "khoan tien" is "khoán tiền" (an allowance given as a lump sum) as often as "khoản"
        "giao khoan tien phu cap cho nguoi khong chuyen trach thi kh tinh noi gi",
        "kl 38 tinh hung yen: khoan tien cho may ong khong chuyen trach o thon",
        "Tên đầy đủ của chương trình hành động huyện Tây Sơn là gì",
        "chỉ tiêu kết nạp đảng viên năm 2025",
        # "lượng" folds like "lương"
        "số lượng đảng viên của đảng bộ là bao nhiêu",
        "chất lượng sinh hoạt chi bộ phải đạt bao nhiêu",
        # "chấm điểm" is the everyday word for rating, not a scale of points
        "chấm điểm buổi họp chi bộ thế nào",
        "ai phụ trách cải cách hành chính, ứng dụng CNTT trong công tác đảng",
        "cập nhật ứng dụng công nghệ thông tin vào quản lý đảng viên thế nào",
        "chi bộ tại Zalo có được sinh hoạt trực tuyến về nội dung nào",
        "sinh hoạt chi bộ hằng tháng thế nào",
    ],
)
def test_other_questions_ask_for_no_literal_fact(question: str) -> None:
    assert asked_fact(fold_key(question)) is None


def test_a_kind_is_stated_only_by_a_fact_of_that_kind() -> None:
    age = asked_fact("dang vien bao nhieu tuoi thi duoc mien sinh hoat")
    money = asked_fact("phu cap bao nhieu tien")
    chapters = asked_fact("dieu le co bao nhieu chuong")
    assert age is not None and money is not None and chapters is not None
    assert age.stated_in("dang vien tu 70 tuoi tro len")
    assert not age.stated_in("dang vien tuoi cao, suc khoe yeu")
    assert money.stated_in("muc 1.500.000 dong/thang") and money.stated_in("bang 1% tien luong")
    assert not money.stated_in("dat tren 80% (hien co 6/9)")
    assert money.stated_in("chi bo giu lai 30% dang phi")
    assert not money.stated_in("thuc hien khoan kinh phi phu cap")
    assert chapters.stated_in("gom 12 chuong") and not chapters.stated_in("gom 3 dieu")
    day = asked_fact("chi bo hop vao ngay may hang thang")
    assert day is not None and day.stated_in("sinh hoat vao ngay 25 hang thang")
    assert not day.stated_in("du sinh hoat chi bo hang thang nham huong dan")


def test_a_question_counting_things_knows_how_a_count_is_written() -> None:
    villages = counted("xa ia hiao co tat ca may thon")
    assert villages is not None
    assert villages.search("bi thu chi bo kiem truong thon la 8/9 thon")
    assert villages.search("gom 9 thon") and not villages.search("cac thon, bon")
    assert counted("bao nhieu phan tram dang vien") is None
    assert counted("ke hoach ban hanh ngay nao") is None


@pytest.mark.parametrize(
    ("word", "other"),
    [("ki", "ky"), ("ly", "li"), ("ti", "ty"), ("si", "sy"), ("qui", "quy"), ("my", "mi")],
)
def test_i_and_y_spellings_pair_up(word: str, other: str) -> None:
    assert _other_spelling(word) == other


@pytest.mark.parametrize("word", ["thi", "chi", "khi", "tay", "may", "ai", "y"])
def test_other_syllables_have_no_i_y_pair(word: str) -> None:
    assert _other_spelling(word) is None


def first_answer(index: PlanIndex, question: str) -> str:
    """The text of the first answer to `question`, in Vietnamese."""
    result = answer(index, question, TODAY)
    return render(Catalogs().translator("vi"), result.items[0])


@pytest.fixture(scope="module")
def shared_index() -> PlanIndex:
    if not SHARED_PLANS.is_dir():
        pytest.skip("../shared/plans is absent (real plans live beside the repo)")
    plans = [
        parse_plan(path.read_text(encoding="utf-8"), document_id=path.name, source_name=path.name)
        for path in sorted(SHARED_PLANS.glob("*.txt"))
    ]
    return PlanIndex.build(plans)


@pytest.mark.shared
@pytest.mark.parametrize(
    "question",
    [
        "đảng viên bao nhiêu tuổi thì được miễn sinh hoạt đảng",
        "Mức khoán kinh phí cho người hoạt động không chuyên trách ở thôn là bao nhiêu tiền?",
        "dang vien du bi bao lau thi duoc chuyen chinh thuc",
        "so dien thoai van phong huyen uy tay son",
        "Chủ tịch UBND xã Ia Hiao tên gì",
        "Nghị quyết 22-NQ/TW năm 2008 có bao nhiêu mục, bao nhiêu trang",
        "Làm sao để cài Zalo trên máy tính?",
        "mau bien ban sinh hoat chi bo thang",
        "chi bộ phải sinh hoạt thường kỳ vào ngày mấy hằng tháng",
    ],
)
def test_a_fact_no_plan_states_is_not_found(shared_index: PlanIndex, question: str) -> None:
    assert answer(shared_index, question, TODAY).kind is AnswerKind.NOT_FOUND


@pytest.mark.shared
def test_a_fact_a_plan_states_is_still_answered(shared_index: PlanIndex) -> None:
    translator = Catalogs().translator("vi")
    result = answer(
        shared_index, "Tây Sơn: thí điểm sinh hoạt tổ đảng thì báo cáo sau bao lâu?", TODAY
    )
    assert result.kind is AnswerKind.FOUND
    assert "6 tháng" in render(translator, result.items[0])


@pytest.mark.shared
@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("Đồng chí Lê Bình Thanh ký CTr hành động Tây Sơn với tư cách gì?", "Lê Bình Thanh"),
        ("Đ/c Đỗ Xuân Tuyên ký KH thực hiện KL 38 với chức vụ gì", "Đỗ Xuân Tuyên"),
        ("ai kí KH 127", "KÝ"),
    ],
)
def test_the_signer_named_or_spelt_another_way_is_a_question_about_the_plan(
    shared_index: PlanIndex, question: str, wanted: str
) -> None:
    translator = Catalogs().translator("vi")
    result = answer(shared_index, question, TODAY)
    assert result.kind is AnswerKind.FOUND
    assert wanted.lower() in render(translator, result.items[0]).lower()


@pytest.mark.shared
def test_a_real_word_the_plans_do_not_use_is_not_corrected_into_another(
    shared_index: PlanIndex,
) -> None:
    corrected = shared_index.corrected("dip 2/9 thi ben nao lo tuyen truyen")
    assert "dip" in corrected and "kip" not in corrected
    assert shared_index.corrected("keo be keo canh")[0] == "keo"
    # a typo is still corrected when the word meant makes a pair the plans write
    assert shared_index.corrected("chi tiu ket nap")[:2] == ["chi", "tieu"]


@pytest.mark.shared
def test_an_answer_shows_the_sentences_that_complete_it(shared_index: PlanIndex) -> None:
    result = shared_index.search("hạn chế của tổ chức cơ sở đảng ở huyện Tây Sơn là gì", top=1)
    shown = result.hits[0].text
    assert "vẫn còn hạn chế." in shown and "Một số cấp ủy, tổ chức cơ sở đảng" in shown
    # the shortcomings asked about are shown whole, up to SITUATION_CHARS
    assert "công tác kết nạp đảng viên gặp nhiều khó khăn." in shown
    assert SHOWN_CHARS < len(shown) <= SITUATION_CHARS
    # a run starts at a sentence holding the question, not at the one before it
    combined = shared_index.search("kl38: bí thư kiêm chủ tịch xã đc không", top=1).hits[0].text
    assert combined.startswith("Kịp thời kiện toàn cấp ủy")
    assert "chủ tịch ủy ban nhân dân cấp xã" in combined


@pytest.mark.shared
def test_a_long_part_asked_by_name_is_shown_as_its_outline(shared_index: PlanIndex) -> None:
    translator = Catalogs().translator("vi")
    result = answer(shared_index, "nhiem vu giai phap trong tam cua KH 127 gom nhung gi", TODAY)
    shown = render(translator, result.items[0])
    assert "NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM" in shown
    assert "2. Nâng cao chất lượng đội ngũ đảng viên" in shown
    assert "4. Phát huy vai trò của các tổ chức chính trị-xã hội" in shown
    assert len(shown) < 1000


@pytest.mark.shared
@pytest.mark.parametrize(
    ("question", "heading"),
    [
        ("Kế hoạch thực hiện KL 38 của Hưng Yên đặt ra yêu cầu gì?", "2. Yêu cầu"),
        ("CTr Tây Sơn đề ra nhiệm vụ giải pháp gì", "III. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU"),
        ("chương trình hành động tây sơn phần nhiệm vụ giải pháp tên là gì", "III. NHIỆM VỤ"),
    ],
)
def test_a_part_named_at_the_end_of_the_question_is_shown(
    shared_index: PlanIndex, question: str, heading: str
) -> None:
    assert first_answer(shared_index, question).startswith(heading)


@pytest.mark.shared
@pytest.mark.parametrize(
    "question",
    [
        "Kế hoạch 127-KH/ĐUK gồm mấy phần lớn",
        "ke hoach cua dang uy Ia Hiao co may phan, gom nhung muc nao",
        "bố cục của KH 74",
        "KH 127 Ninh Thuận có mấy phần lớn, phần nhiệm vụ giải pháp trọng tâm gồm gì",
    ],
)
def test_the_parts_of_a_plan_are_its_outline(shared_index: PlanIndex, question: str) -> None:
    shown = first_answer(shared_index, question)
    assert shown.startswith("Các phần của ")
    assert "I. MỤC ĐÍCH, YÊU CẦU" in shown


@pytest.mark.shared
@pytest.mark.parametrize(
    "question",
    [
        "Lương bí thư đảng ủy xã hiện nay bao nhiêu",
        "Đảng viên dự bị phải qua bao nhiêu tháng thì được công nhận chính thức?",
        "cho xin mau ban kiem diem dang vien cuoi nam",
    ],
)
def test_a_fact_no_plan_states_is_not_answered_by_a_target_either(
    shared_index: PlanIndex, question: str
) -> None:
    assert answer(shared_index, question, TODAY).kind is AnswerKind.NOT_FOUND


@pytest.mark.shared
def test_a_plan_called_by_the_resolution_it_carries_out_is_known(shared_index: PlanIndex) -> None:
    assert not shared_index.outside.unknown_document("ai xay dung ke hoach 21 cua du xa ia hiao")
    assert shared_index.outside.unknown_document("ke hoach 999 cua du xa ia hiao")


@pytest.mark.shared
def test_todays_shortcomings_come_from_the_situation(shared_index: PlanIndex) -> None:
    result = shared_index.search("ctr tay son: han che yeu kem hien nay la gi", top=1)
    assert result.hits[0].heading.startswith("I. TÌNH HÌNH")


def test_a_count_of_people_or_of_today_is_found_as_the_plans_write_it() -> None:
    people = counted("cap uy vien co trinh do dai hoc bao nhieu nguoi")
    assert people is not None
    assert people.search("dai hoc 277 dong chi (ty le 78,9%)")
    assert not people.search("100% cap uy vien co trinh do dai hoc")
    now = "dat tren 80% (hien co 6/9, chiem 66,66%)"
    villages = counted("gio duoc may thon roi", today=True)
    assert villages is not None and villages.search(now)
    goal = counted("den 2030 phan dau bao nhieu thon", today=False)
    assert goal is not None and not goal.search(now)


def test_a_total_of_today_is_one_the_text_says_it_has() -> None:
    members = total_asked("tinh ninh thuan hien co bao nhieu dang vien")
    assert members is not None and members.person
    assert members.stated_in("dang bo huyen tay son hien co 58 to chuc (...) voi 4.482 dang vien")
    # a goal, a share and a date are no total of today
    assert not members.stated_in("ket nap hang nam tu 150 dang vien tro len")
    assert not members.stated_in("hien nay co 80% dang vien hoc tap nghi quyet")
    assert not members.stated_in("phoi hop voi 21/01/2019 cac dang vien")
    villages = total_asked("xa ia hiao tong cong co may thon")
    assert villages is not None and villages.noun == "thon"
    assert villages.stated_in("bi thu chi bo kiem truong thon dat tren 80% (hien co 6/9, chiem")
    # a share of all the villages says how many there are: 9
    assert villages.stated_in("so luong bi thu chi bo kiem truong thon la 8/9 thon dat tren 85%")
    both = total_asked("xa ia hiao co tong cong may thon bon")  # «mấy thôn, bôn» as searched
    assert both is not None and both.stated_in("kiem truong thon la 8/9 thon dat tren 85%")
    committee = total_asked("tong so cap uy vien co so o tay son")
    assert committee is not None and committee.noun == "cap uy"
    assert committee.stated_in("tong so cap uy vien co so la 1.240 dong chi")
    # a goal's count is asked without saying "now" or "in all"
    assert total_asked("chi tieu ket nap bao nhieu dang vien") is None
    assert total_asked("hien nay phai lam bao nhieu lan") is None


@pytest.mark.shared
@pytest.mark.parametrize(
    "question",
    [
        "tỉnh ninh thuận hiện có bao nhiêu đảng viên",
        "Đảng bộ xã Ia Hiao hiện có tổng cộng bao nhiêu đảng viên?",
        "chi bo thon 3 xa ia hiao hien co bao nhieu dang vien",
    ],
)
def test_a_total_the_named_plan_does_not_state_is_not_found(
    shared_index: PlanIndex, question: str
) -> None:
    # 003 states a yearly goal of members, 000 a count of villages, 001 its own members: none
    # of them is the total asked for
    assert shared_index.search(question, top=1).not_found


@pytest.mark.shared
@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("Tây Sơn hiện có bao nhiêu đảng viên?", "4.482 đảng viên"),
        ("xa ia hiao co tat ca may thon", "hiện có 6/9"),
        ("Tây Sơn hiện có bao nhiêu tổ chứ cơ sở đảng", "58 tổ chức cơ sở đảng"),
    ],
)
def test_a_total_the_named_plan_states_is_answered(
    shared_index: PlanIndex, question: str, phrase: str
) -> None:
    result = shared_index.search(question, top=1)
    assert not result.not_found and phrase in result.hits[0].passage


@pytest.mark.shared
def test_a_province_a_plan_writes_is_searched(shared_index: PlanIndex) -> None:
    assert not shared_index.outside.unknown_province("chi tieu ket nap cua tinh ninh thuan")
    assert not shared_index.outside.unknown_province("ke hoach cua thanh pho ha noi")
    # the plans write "tư tưởng Hồ Chí Minh", never the city
    assert shared_index.outside.unknown_province("dang uy khoi doanh nghiep tp ho chi minh")
    for question in ("dang uy phuong 5 quan 3 tphcm", "khoi doanh nghiep tp. hcm", "tp hcm"):
        assert shared_index.outside.unknown_province(question), question
    assert not shared_index.outside.unknown_province("hoc tap tu tuong hcm")


@pytest.mark.shared
@pytest.mark.parametrize(
    ("question", "shown"),
    [
        # a body's name typed alone, the one given a part of its own ("2.6. Ủy ban Mặt trận ...")
        ("MTTQ ia hiao", "Nhiệm vụ của Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức"),
        ("hdnd ubnd xa ia hiao phai lam j trong ke hoach nay", "Nhiệm vụ của Hội đồng nhân dân xã"),
        (
            "Tôi làm ở Ban Tổ chức Tỉnh ủy Hưng Yên, ban tôi được giao gì",
            "Nhiệm vụ của Ban Tổ chức Tỉnh ủy",
        ),
        # a heading naming the body more fully than the only owner of tasks ("Cấp ủy")
        (
            "cap uy truc thuoc huyen uy tay son phai lam gi",
            "1. Các cấp ủy, tổ chức đảng trực thuộc Huyện ủy",
        ),
        (
            "Kế hoạch của Đảng ủy xã Ia Hiao được xây dựng căn cứ vào văn bản nào của huyện?",
            "KH Ia Hiao 13/06/2023:\nVăn bản được ban hành để thực hiện:",
        ),
        ("Tây Sơn: báo cáo kết quả thực hiện chương trình gửi cho ai", "1. Các cấp ủy, tổ chức"),
        # the way of asking typed with a slip ("lamf", "phair" as Telex leaves them)
        ("ban to chuc duk ninh thuan lamf gi", "Nhiệm vụ của Ban Tổ chức Đảng ủy Khối (KH 127"),
        ("ban tuyen giao tinh uy hung yen phair lam gi", "Nhiệm vụ của Ban Tuyên giáo Tỉnh ủy"),
    ],
)
def test_bodies_and_what_a_plan_carries_out_asked_as_people_type(
    shared_index: PlanIndex, question: str, shown: str
) -> None:
    assert first_answer(shared_index, question).startswith(shown)


@pytest.mark.shared
def test_a_body_the_plan_named_never_writes_has_no_tasks_there(shared_index: PlanIndex) -> None:
    # KH 127 (the Ninh Thuận bloc) never names the people's committee: no passage answers
    for question in ("kh 127 ninh thuan giao ubnd tinh lam gi", "UBND tỉnh phải làm gì theo KH 127"):
        assert answer(shared_index, question, TODAY).kind is AnswerKind.NOT_FOUND, question
    # the province's plan carrying out KL 38 gives it a part of its own
    assert first_answer(shared_index, "ubnd tinh phai lam gi theo kh kl 38").startswith(
        "Nhiệm vụ của Ủy ban nhân dân tỉnh"
    )


@pytest.mark.shared
@pytest.mark.parametrize(
    ("question", "leads"),
    [
        ("ai theo dõi, đôn đốc, báo cáo việc thực hiện kh 127", "Ban Tổ chức Đảng ủy Khối chủ trì"),
        ("ai chiu trach nhiem theo doi don doc thuc hien kh o xa ia hiao", "Cán bộ Tổ chức Đảng"),
        ("Tây Sơn: cơ quan nào theo dõi, đôn đốc thực hiện chương trình", "Giao Ban Tổ chức Huyện"),
    ],
)
def test_who_follows_the_plan_up_is_the_part_on_carrying_it_out(
    shared_index: PlanIndex, question: str, leads: str
) -> None:
    hit = answer(shared_index, question, TODAY).items[0].hit
    assert hit is not None and hit.passage.startswith(leads), question


@pytest.mark.shared
@pytest.mark.parametrize(
    "question",
    [
        "đôn đốc chi bộ thực hiện sinh hoạt định kỳ",
        "đôn đốc các chi bộ thực hiện đánh giá xếp loại",
        "đôn đốc các tổ chức cơ sở đảng thực hiện quy chế làm việc",
    ],
)
def test_urging_asked_of_no_body_is_no_question_of_who_follows_up(
    shared_index: PlanIndex, question: str
) -> None:
    assert answer(shared_index, question, TODAY).kind is AnswerKind.FOUND


@pytest.mark.shared
def test_a_bodys_tasks_under_the_plans_own_line_for_it(shared_index: PlanIndex) -> None:
    office = first_answer(shared_index, "van phong dang uy xa ia hiao nhiem vu la gi")
    assert "\n• 2.4 Văn phòng Đảng ủy: Phối hợp với các cơ quan" in office
    council = first_answer(shared_index, "ubnd tinh hung yen phai lam gi")
    assert "\n2. Ủy ban nhân dân tỉnh:\n• Chỉ đạo việc sắp xếp" in council


@pytest.mark.shared
def test_a_body_issuing_plans_or_a_question_opening_with_a_body_is_no_tasks_question(
    shared_index: PlanIndex,
) -> None:
    for question in ("đảng ủy xã ia hiao", "chi bo sinh hoat may lan", "ban to chuc la gi"):
        assert not first_answer(shared_index, question).startswith("Nhiệm vụ của"), question


def test_a_count_of_party_bodies_is_no_count_of_people() -> None:
    bodies = counted("huyen co bao nhieu dang bo co so")
    assert bodies is not None
    assert bodies.search("15 dang bo xa, thi tran") and not bodies.search("351 dong chi")
    members = counted("huyen co bao nhieu dang vien")
    assert members is not None and members.search("voi 4.482 dang vien")


@pytest.mark.shared
def test_the_askers_own_plan_comes_first_when_it_answers_nearly_as_well(
    shared_index: PlanIndex,
) -> None:
    """A commune secretary's target before the district's (which BM25 scores higher), and the
    district's first for someone of no organisation."""
    question = "ty le to chuc dang, dang vien hoan thanh tot nhiem vu tro len phai dat bao nhieu"
    commune, district = "000_430cabc706e34bc9.txt", "001_d20026cf98bf506d.txt"
    anyone = shared_index.search(question, top=3)
    assert anyone.hits[0].document_id == district
    mine = shared_index.search(question, top=3, prefer={commune: 1.3, district: 1.15})
    assert [hit.document_id for hit in mine.hits[:2]] == [commune, commune]
    assert "trên 90% tổ chức cơ sở đảng" in mine.hits[0].text


@pytest.mark.shared
def test_the_level_said_counts_for_the_plan_of_that_level(shared_index: PlanIndex) -> None:
    """"huyện" in an everyday question points at the district's programme: it is answered."""
    result = shared_index.search("họp hành nhiều quá, huyện có chủ trương bớt họp không")
    assert result.evidence.level == 1.0 and not result.not_found
    assert result.hits[0].document_id == "001_d20026cf98bf506d.txt"
    assert "giảm hội họp" in result.hits[0].text


@pytest.mark.shared
def test_a_one_letter_slip_in_the_plans_commonest_pair_is_read(shared_index: PlanIndex) -> None:
    """"ke hach" is "kế hoạch" (written in most passages); "cố gắng" stays as typed ("có
    năng" is in too few passages to mean it)."""
    assert shared_index.corrected("chi tieu trong ke hach 74")[-2:] == ["hoach", "74"]
    assert shared_index.corrected("co gang phan dau")[:2] == ["co", "gang"]


def test_both_posts_are_said_as_the_plans_say_them() -> None:
    """"vừa làm X vừa làm Y" is "X kiêm Y"; "vừa họp xong" is no pair of posts."""
    cases = {
        "nguoi vua lam bi thu vua lam truong thon": "nguoi bi thu kiem truong thon",
        "vua la bi thu vua la chu tich": "bi thu kiem chu tich",
        "chi bo vua hop xong": "chi bo vua hop xong",
        "vua hop vua": "vua hop vua",
    }
    for typed, read in cases.items():
        assert " ".join(both_roles(typed.split(" "))) == read


@pytest.mark.shared
def test_both_posts_find_the_plans_pairs(shared_index: PlanIndex) -> None:
    result = shared_index.search("bao nhiêu thôn có người vừa làm bí thư vừa làm trưởng thôn")
    assert result.evidence.pairs >= 0.5 and "kiêm trưởng thôn" in result.hits[0].text


def test_a_level_is_said_only_as_a_level() -> None:
    """"tỉnh" of a province's plan, not "tình hình", "xã hội" or "phó bí thư"."""
    levels = frozenset({"tinh", "xa", "pho"})
    said = {
        "ke hoach cua tinh co gi": True,
        "tinh hinh thuc hien ra sao": False,
        "mang xa hoi": False,
        "pho bi thu phu trach gi": False,
    }
    for question, level in said.items():
        assert _level_said(question.split(" "), None, levels) is level, question
    typed = typed_spellings("tình hình của tỉnh")
    assert _level_said(["tinh", "hinh", "cua", "tinh"], typed, levels)
    assert not _level_said(["tinh", "cam"], typed_spellings("tình cảm"), levels)
    assert not _level_said(["tinh", "nay"], typed_spellings("tính nay"), levels)


@pytest.mark.shared
def test_a_plan_named_by_its_kind_and_place_is_searched_alone(shared_index: PlanIndex) -> None:
    """"kế hoạch Hưng Yên" names the province's plan clearly enough to search it alone: a
    district's passage on fighting wrong views no longer comes first."""
    result = shared_index.search("ke hoach hung yen bao dai dua tin xay dung dang the nao", top=1)
    assert not result.not_found
    assert result.hits[0].document_id.startswith("004"), result.hits[0].document_id
    assert "Báo Hưng Yên" in result.hits[0].passage


def test_a_total_of_today_prefers_a_count_of_the_thing_asked(demo_index: PlanIndex) -> None:
    """"hiện có bao nhiêu đảng viên": the passage stating "tổng số 264 đảng viên", not the one
    saying "hiện có 7/12" of the secretaries who are also village heads."""
    result = demo_index.search("hien co bao nhieu dang vien", top=1)
    assert not result.not_found
    assert "264 đảng viên" in result.hits[0].passage
    villages = demo_index.search("hien nay co may bi thu chi bo kiem truong thon", top=1)
    assert "hiện có 7/12" in villages.hits[0].passage


@pytest.mark.shared
def test_what_a_plan_carries_out_quotes_its_title_when_that_names_it(
    shared_index: PlanIndex,
) -> None:
    """CTr Tây Sơn opens with "Để thực hiện thắng lợi Nghị quyết Đại hội …"; its title says
    "thực hiện Nghị quyết Đại hội đại biểu Đảng bộ huyện lần thứ XXI về …": both are shown.
    KH Ia Hiao's title is its opening sentence: shown once."""
    shown = first_answer(shared_index, "CTr hành động của Huyện ủy Tây Sơn thực hiện nghị quyết gì")
    assert "«Để thực hiện thắng lợi Nghị quyết Đại hội" in shown
    assert "Tên đầy đủ:\n«thực hiện Nghị quyết Đại hội đại biểu Đảng bộ huyện lần thứ XXI" in shown
    once = first_answer(shared_index, "kh xa ia hiao thuc hien van ban nao")
    assert "Văn bản được ban hành để thực hiện:" in once and "Tên đầy đủ:" not in once


@pytest.mark.shared
def test_a_commune_keeping_the_plans_from_above_reads_its_own_first() -> None:
    """All five plans kept by one commune («Đảng bộ xã Ia Hiao»), as a commune does with the
    district's, the bloc's and the province's beside its own: its own plan (the one writing
    «Ia Hiao») comes first, the others count as plans from above; each plan kept by the
    organisation it is named after stays its own."""
    if not SHARED_PLANS.is_dir():
        pytest.skip("../shared/plans is absent (real plans live beside the repo)")
    from dataclasses import replace

    from knowledge.answers import Asker
    from knowledge.plan_names import document_preference

    plans = [
        replace(
            parse_plan(path.read_text(encoding="utf-8"), document_id=path.name, source_name=path.name),
            owner="Đảng bộ xã Ia Hiao",
        )
        for path in sorted(SHARED_PLANS.glob("*.txt"))
    ]
    index = PlanIndex.build(plans)
    commune = "000_430cabc706e34bc9.txt"
    assert index.names.foreign == {p.document_id for p in plans} - {commune}
    asker = Asker(frozenset(p.document_id for p in plans), {p.document_id: 0 for p in plans})
    today = date(2026, 12, 1)
    found = answer(index, "ty le ket nap dang vien hang nam cua xa", today, asker)
    assert found.items[0].document_id == commune
    tasks = answer(index, "nhiệm vụ của Văn phòng Đảng ủy", today, asker)
    assert tasks.items[0].document_id == commune and "Khối" not in tasks.items[0].owner
    assert document_preference({commune: 0}, commune, index.names.foreign) == 1.3
    assert document_preference({"x": 0}, "x", {"x"}) == 1.15
    # the district's programme kept by the district is its own; a name with no place says nothing
    district = "001_d20026cf98bf506d.txt"
    by_district = PlanIndex.build(
        [replace(p, owner="Đảng bộ huyện Tây Sơn") for p in plans if p.document_id == district]
        + [replace(p, owner="Đảng bộ tỉnh") for p in plans if p.document_id != district]
    )
    assert by_district.names.foreign == frozenset()


@pytest.mark.shared
def test_what_a_plan_gives_a_body_asked_with_giao(shared_index: PlanIndex) -> None:
    """«Kế hoạch … giao cho chi bộ thôn việc gì»: the tasks the plan gives the cells."""
    found = answer(
        shared_index,
        "Kế hoạch của Đảng ủy xã Ia Hiao giao cho chi bộ thôn việc gì, hạn khi nào?",
        date(2026, 12, 1),
    )
    assert found.kind is AnswerKind.FOUND
    first = found.items[0]
    assert first.document_id == "000_430cabc706e34bc9.txt" and "Chi bộ" in first.owner
