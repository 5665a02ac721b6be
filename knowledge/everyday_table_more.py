"""A third part for the table of everyday words (knowledge.everyday_words PLAN_TERMS,
knowledge.everyday_table SPOKEN_TERMS): plan term → how members, village heads, farmers,
teachers, workers and retirees say it, northern, central and southern speech.

Written by a separate session reading the five plans section by section (never from question
sets). Same rules as the second part, checked by tests/knowledge/test_everyday_table.py: every
key occurs word for word (folded) in a plan; a phrase has 1 to 5 syllables, is no lone generic
word, belongs to one key only across the three parts, is no term nor a piece of one, and never
occurs word for word in a plan. A key that is already in the table gets only phrases it does not
have yet.

Keys are written as the plans write them but without commas, hyphens or slashes ("đơn thư phản
ánh kiến nghị" for "đơn, thư phản ánh, kiến nghị"), as the first part does ("tham nhũng tiêu
cực"), so that the folded key is whole syllables only.

Left out on purpose, since once folded they read as other words: "tuyên dương" (tuyến đường),
"đăng tin" (Đảng tin), "đi tù" (đi tu), "nhà thờ" (nhà thơ), "nhà chùa" (nhà chưa), "sư thầy"
(sự thay đổi), "bìa đỏ" (bia đó), "thẻ Đảng" (tập thể đảng ...), "chỗ làm" / "chỗ mình ở" (cho
làm, cho mình ở), "cách dạy" (cách đây), "tự tiện" (tu tiên), "nghị định" (nghỉ định kỳ), "già
cả" (giá cả), "cờ bạc" (có bác), "bỏ họp" (chi bộ họp), "bí cách" (bị cách chức), "đấu đá" (đâu
đã), "trên tỉnh" (trên tinh thần); and, found by the checker in the plans themselves, "lễ kết nạp"
(tỷ lệ kết nạp), "gỡ khó" (tháo gỡ khó khăn), "hiến kế" (thực hiện kế hoạch), "vu khống" (nhiệm vụ
không), "quan chức" (cơ quan chức năng), "dính án" (ổn định an ninh), "số đề" (số đề án), "biểu
tình" (phát biểu, tinh thần). No place or country names.

Taken out after measuring on the seen question sets (they lost more than they won): documents by
number ("kết luận 38" → "Kết luận số 38": a question naming the plan's resolution then no longer
named the plan), "kết nạp bao nhiêu" (a count asked, not the goal's wording), "ghi sổ biên bản"
(how to keep minutes is no plan's subject).
"""

from __future__ import annotations

SPOKEN_TERMS_MORE: dict[str, tuple[str, ...]] = {
    # --- people in charge, posts, combined posts ---------------------------------------
    "bí thư chi bộ": ("bí thư ấp", "bí thư buôn", "bí thư khóm"),
    "bí thư cấp ủy": ("bí thư xã", "bí thư phường"),
    "Phó Bí thư": ("phó bí thôn", "phó bí chi bộ"),
    "trưởng thôn": ("trưởng buôn",),
    "bí thư chi bộ kiêm trưởng thôn": (
        "bí thư kiêm trưởng xóm",
        "trưởng ấp kiêm bí thư",
        "một người hai vai",
    ),
    "bí thư cấp ủy đồng thời là thủ trưởng cơ quan": (
        "thủ trưởng kiêm bí thư",
        "giám đốc làm bí thư",
    ),
    "cấp phó": ("phó giám đốc", "phó chủ tịch", "phó hiệu trưởng"),
    "chi uỷ viên": ("thành viên chi ủy", "người trong chi ủy"),
    "người hoạt động không chuyên trách": ("phó thôn", "thôn phó"),
    # the plan's own spelling (000: "đảng viên là cán bộ ưu trí, cựu chiến binh, cựu quân
    # nhân ... để làm bí thư chi bộ kiêm trưởng thôn")
    "cán bộ ưu trí": ("cán bộ nghỉ hưu", "người về hưu", "đã về hưu"),
    "cựu quân nhân": ("bộ đội về hưu", "bộ đội nghỉ hưu", "quân nhân về hưu", "sĩ quan về hưu"),
    "tuổi cao": ("cao tuổi", "đảng viên lão thành"),
    "cán bộ trẻ": ("trẻ hóa", "cán bộ 9x"),
    "gia đình có công cách mạng": ("con cháu liệt sĩ", "gia đình thương binh"),
    "người làm công tác xã hội": ("lo việc làng", "lo việc chung"),
    "cộng tác viên dư luận xã hội": ("người nắm dư luận", "tai mắt ở thôn"),
    # --- bodies, units, places ------------------------------------------------------------
    "Ủy ban Kiểm tra": ("chủ nhiệm kiểm tra",),
    "Ban Tổ chức": ("bên xây dựng Đảng",),
    "hội quần chúng": ("hội người cao tuổi", "hội chữ thập đỏ", "hội khuyến học"),
    "tổ chức Công đoàn": ("chủ tịch công đoàn", "công đoàn cơ sở"),
    "lực lượng vũ trang": ("đang đi bộ đội", "đang đi lính", "dân quân tự vệ"),
    "trạm y tế": ("bác sĩ xã", "y sĩ xã", "trạm xá xã"),
    "tổ dân phố": ("tổ dân cư",),
    "học sinh sinh viên": ("học trò", "còn đi học"),
    "đặc biệt khó khăn": ("xã nghèo", "thôn nghèo", "vùng khó"),
    "đồng bào tôn giáo": ("linh mục", "mục sư", "chùa chiền"),
    # --- organisation: the cell's remit, staff, terms of office ----------------------
    "chức năng nhiệm vụ quyền hạn": ("chi bộ được làm gì", "chi bộ có quyền gì", "phận sự"),
    "vấn đề phát sinh": ("việc đột xuất", "chuyện đột xuất"),
    "quy chế mẫu": ("mẫu quy chế",),
    "sắp xếp tổ chức bộ máy": ("chính quyền hai cấp", "chính quyền 2 cấp"),
    "khoán kinh phí": ("khoán chi", "khoán phụ cấp"),
    "phụ cấp": ("thù lao", "tiền chi ủy"),
    "công tác cán bộ": ("chuyện nhân sự", "bố trí người"),
    "quy hoạch cán bộ": ("nằm trong quy hoạch", "lọt vào quy hoạch", "bị rớt quy hoạch"),
    "hẫng hụt": ("thiếu người thay", "không có người thay", "hụt cán bộ"),
    "tiêu chuẩn chính trị": ("lý lịch sạch", "lý lịch trong sạch"),
    "giữa nhiệm kỳ": ("nửa nhiệm kỳ", "giữa khóa"),
    "cuối nhiệm kỳ": ("hết nhiệm kỳ", "cuối khóa"),
    "trình độ chuyên môn": ("học tại chức", "văn bằng hai"),
    "trình độ lý luận chính trị": ("trung cấp lý luận", "cao cấp lý luận"),
    "nghiệp vụ công tác đảng": ("sổ sách chi bộ",),
    # --- meetings ------------------------------------------------------------------------
    "sinh hoạt chi bộ thường kỳ": ("họp chi bộ tháng", "sinh hoạt định kỳ"),
    "chế độ sinh hoạt chi bộ": ("họp đều đặn", "họp không đều", "mấy tháng không họp"),
    "tham gia sinh hoạt đảng": ("vắng họp", "vắng không lý do", "họp đủ mặt"),
    "thời gian sinh hoạt chi bộ": ("họp mùng mấy", "ngày họp cố định"),
    "sinh hoạt chuyên đề": ("chuyên đề quý", "buổi chuyên đề"),
    "chuẩn bị tốt nội dung": ("soạn nội dung họp", "chuẩn bị trước buổi họp"),
    "xây dựng nghị quyết": ("ra nghị quyết", "thông qua nghị quyết", "nghị quyết chi bộ"),
    "đánh giá chất lượng sinh hoạt chi bộ": (
        "chấm điểm sinh hoạt",
        "họp loại khá",
        "họp loại trung bình",
    ),
    "khung tiêu chí": ("thang điểm", "bảng chấm điểm", "cách tính điểm"),
    "dự sinh hoạt chi bộ": ("cấp trên dự họp", "đảng ủy về dự"),
    "miễn sinh hoạt đảng": ("khỏi đi họp", "khỏi phải họp"),
    "tự phê bình và phê bình": ("phê và tự phê",),
    "nể nang": ("nể nhau", "xuê xoa", "bao che cho nhau"),
    "mất đoàn kết nội bộ": ("xích mích", "kèn cựa", "cãi nhau"),
    # --- admission and members ----------------------------------------------------------
    "kết nạp đảng viên": ("tuyên thệ vào Đảng",),
    "đối tượng kết nạp đảng": ("làm hồ sơ vào Đảng", "khai lý lịch"),
    "bồi dưỡng đối tượng kết nạp đảng": ("lớp nhận thức về Đảng", "lớp nhận thức"),
    "tiêu chuẩn điều kiện": ("điều kiện vào Đảng", "cần gì để vào Đảng"),
    "ở đâu có dân ở đó có đảng viên": ("thôn trắng đảng viên", "thôn chưa có đảng viên"),
    "giới thiệu đoàn viên": ("đoàn giới thiệu",),
    "phát triển đoàn viên": ("kết nạp đoàn viên", "vào đoàn"),
    "chuyển đảng chính thức": ("hết hạn dự bị", "đủ 12 tháng dự bị"),
    "chuyển sinh hoạt đảng": ("cầm giấy giới thiệu", "chuyển chi bộ"),
    "quyền của đảng viên": ("đảng viên được gì", "đảng viên có quyền gì"),
    "nhiệm vụ đảng viên": ("bổn phận đảng viên",),
    "mức đóng đảng phí": ("tiền Đảng bao nhiêu", "đóng bao nhiêu tiền"),
    "đảng viên đi làm ăn xa": ("đi xa kiếm sống", "đi làm thuê xa"),
    "nơi cư trú": ("xóm mình ở", "nơi mình ở"),
    "trang thông tin trên Internet": ("lập fanpage", "trang cá nhân"),
    # --- ratings, examples, commendation ------------------------------------------------
    "chi bộ tiêu biểu": ("chi bộ điển hình", "chi bộ xuất sắc", "chi bộ kiểu mẫu"),
    "Đảng bộ cơ sở bốn tốt": ("đảng bộ 4 tốt",),
    "biểu dương": ("được tuyên dương", "khen công khai"),
    "mô hình hay": ("cách làm hay", "điểm sáng"),
    "đổi mới sáng tạo": ("sáng kiến", "cách làm mới"),
    "nhân rộng mô hình": ("lan tỏa cách làm", "nhân ra nhiều nơi"),
    "thực chất": ("đúng sự thật", "không tô vẽ"),
    "thiếu gương mẫu": ("gương xấu", "không gương mẫu"),
    "cam kết tu dưỡng rèn luyện": ("giấy hứa", "ký cam kết", "giấy cam đoan"),
    "đạo đức nghề nghiệp": ("y đức", "đạo đức nhà giáo"),
    "phong cách Hồ Chí Minh": ("học theo Bác Hồ", "lời Bác dạy"),
    # --- wrongdoing, discipline, inspection --------------------------------------------
    "phòng chống tham nhũng": ("đốt lò", "chống tham ô"),
    "nói không đi đôi với làm": ("nói suông", "hứa suông", "nói hay làm dở"),
    "tùy tiện": ("làm ẩu", "làm bừa"),
    "pháp luật nhà nước": ("bị công an bắt", "ngồi tù", "bị khởi tố"),
    "giám sát thường xuyên gián tiếp": ("theo dõi từ xa", "giám sát từ xa", "giám sát ngầm"),
    "kiểm tra giám sát theo chuyên đề": ("kiểm tra từng mảng",),
    "tự kiểm tra": ("tự rà lại", "tự soát lại"),
    "điều tra xã hội học": ("khảo sát dư luận", "lấy phiếu khảo sát", "thăm dò dư luận"),
    # --- information, opinion, the people's voice -------------------------------------
    "thông tin xấu độc": ("tin thất thiệt", "tin nhảm", "tin sai sự thật"),
    "luận điệu xuyên tạc": ("nói xấu Đảng", "bôi xấu chế độ"),
    "ứng dụng công nghệ thông tin": ("họp trực tuyến", "họp online", "chữ ký số"),
    "cơ sở dữ liệu": ("nhập liệu", "app sổ tay"),
    "ngày lễ lớn": ("quốc khánh", "ngày giải phóng"),
    "quy chế dân chủ ở cơ sở": ("hương ước", "quy ước thôn", "công khai thu chi"),
    "lấy ý kiến": ("trưng cầu ý dân", "hỏi ý kiến bà con"),
    "phản biện xã hội": ("mặt trận góp ý", "góp ý dự thảo"),
    "đối thoại": ("ngồi lại với dân", "chất vấn lãnh đạo"),
    "tiếp dân": ("tiếp công dân",),
    "đơn thư phản ánh kiến nghị": (
        "viết đơn tố",
        "đơn tố giác",
        "đơn khiếu kiện",
        "gửi đơn lên xã",
    ),
    "điểm nóng": ("khiếu kiện tập thể", "dân vây trụ sở"),
    "công tác an sinh": ("bảo trợ xã hội", "thăm hỏi tặng quà"),
    "đời sống tinh thần": ("văn nghệ thể thao", "vui chơi giải trí", "nhà văn hóa thôn"),
    "huy động các nguồn lực": ("hiến đất", "góp ngày công"),
    # --- security, land, deadlines -------------------------------------------------------
    "an ninh trật tự": ("cướp giật", "đánh lộn"),
    "trật tự an toàn xã hội": ("tín dụng đen", "cho vay nặng lãi"),
    "đất đai": ("sổ hồng", "cấp sổ đất"),
    "hoàn thành trong tháng": ("xong trong tháng",),
    "hoàn thành": ("làm xong", "xong xuôi"),
    "vướng mắc": ("bế tắc", "hết cách"),
}
