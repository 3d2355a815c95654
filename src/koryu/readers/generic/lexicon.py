"""Words the generic readers recognise, in Japanese, Chinese, Korean, Russian and English:
column headers and card labels (by role), kinds of tie, network and meeting words.

Matching is on NFKC-folded, lower-cased text with spaces removed (``fold``), so "提携 年月日",
"Date  signed" and "ДАТА" meet their entries. Roles:

home      the document's own municipality (自治体名, 日方城市, 시군)
partner   the other side (相手都市, 中方城市, 자매도시, Город-побратим, Partner city)
country   the partner's country (国名, 국가, Страна, Country)
region    a province or state (省份, 州, 도, Регион): context, never a party
date      when the tie was made (提携日, 缔结日期, 체결일, Дата подписания, Date)
type      the kind of tie (種別, 类型, 유형, Тип, Type)
note      remarks (備考, 비고, Примечание, Notes)
event     a meeting's name (会議名, 행사명, Название, Meeting)
host      where a meeting was held (開催都市, 개최지, Место проведения, Host city)
period    when a meeting ran (期間, 日程, 기간, Сроки, Dates)
count     head counts (参加者数, 인원, Число участников, Participants)
fiscal    a fiscal year (年度)
edition   the meeting's number (回, 차, №)
joined    when a member joined (加盟年, 가입, Год вступления, Year joined)
member    a network's member (会員都市, 회원도시, Член, Member city)
status    membership or tie status (区分 holding "オブザーバー", Status)
sender    who sent a delegation (派遣元, 訪問団, Делегация)
visited   whom a delegation visited (訪問先, 방문지)
purpose   what a visit was for (目的, 내용, Цель, Purpose)
index     a running number (No., 番号, №, 순번)
"""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Key form for matching words: NFKC, lower case, no spaces or punctuation around."""
    t = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s\u3000・:：*＊#()（）\[\]【】「」『』<>〈〉《》.,、。/／]+", "", t)


# Role -> header words. An exact folded match is strongest; otherwise a header that
# contains one of the words (longest word first) takes its role.
# fmt: off
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "home": (
        "自治体名", "自治体", "市町村名", "市町村", "県内自治体", "日本側自治体", "日本側", "日本の自治体", "日方城市",
        "日方", "日本城市", "日本側都市", "市区町村", "団体名", "地方公共団体", "自治体名称", "시군", "시·군", "시군명", "자치단체", "지자체",
        "현", "일본측", "한국측", "우리측", "municipality", "japanesemunicipality", "japaneseside",
        "localgovernment", "管辖区", "本市", "我市"
    ),
    "partner": (
        "相手先", "相手都市", "相手方", "相手先自治体", "相手自治体", "提携先", "提携都市", "姉妹都市", "友好都市", "姉妹友好都市", "姉妹都市名",
        "友好都市名", "提携先都市", "都市名", "海外の自治体", "海外自治体", "交流先", "交流都市", "相手国都市", "姉妹都市・友好都市", "姉妹・友好都市",
        "相手先団体", "相手地域", "都市", "相手", "中方城市", "中方", "外方城市", "外国城市", "友好城市", "姐妹城市", "结好城市", "韩方城市",
        "韓方城市", "缔结城市", "城市", "结好对象", "자매도시", "우호도시", "교류도시", "교류지역", "교류지자체", "자매결연도시", "도시명",
        "상대도시", "해외도시", "해외자매도시", "자매우호도시", "도시", "지역", "город", "городпобратим", "городапобратимы",
        "побратим", "партнер", "партнёр", "городпартнер", "городпартнёр", "муниципалитет",
        "населенныйпункт", "city", "partner", "partnercity", "sistercity", "twincity", "twintown",
        "friendshipcity", "partnertown", "cityname", "sistercities", "counterpart", "友好管辖区", "友好省州",
        "友好城市名称", "结好城市名称", "外方", "对方城市"
    ),
    "country": (
        "国名", "国", "国・地域", "国地域", "国・地域名", "国地域名", "国家", "国别", "國家", "国家地区", "所在国", "相手国", "국가",
        "나라", "국가명", "страна", "государство", "country", "nation", "countryregion", "国家或地区", "国别地区"
    ),
    "region": (
        "都道府県名", "都道府県", "省份", "省", "州", "州・省", "省・州", "地域", "所在地", "省州", "地区", "所在省", "도", "시도", "광역", "регион",
        "область", "субъект", "state", "province", "region", "stateprovince", "大洲", "洲", "大陸",
        "地域区分"
    ),
    "date": (
        "提携日", "締結日", "提携年月日", "締結年月日", "提携年", "締結年", "年月日", "日付", "提携時期", "締結時期", "提携年月", "締結年月",
        "調印日", "盟約日", "提携日締結日", "缔结时间", "结好时间", "締結時間", "結好時間", "缔结日期", "签约时间", "签约日期", "结好日期",
        "缔结年份", "建立时间", "缔约时间", "時間", "时间", "日期", "체결일", "교류체결일", "결연일", "협정체결일", "체결년도", "체결일자",
        "일자", "결연일자", "자매결연일", "체결연도", "체결시기", "날짜", "дата", "датаподписания", "датаустановления",
        "годподписания", "год", "сгода", "date", "year", "since", "signed", "established",
        "datesigned", "twinnedsince", "dateofagreement", "yearestablished", "datejoined"
    ),
    "type": (
        "種別", "区分", "種類", "提携種別", "形態", "提携区分", "提携の種類", "提携形態", "类型", "类别", "种类", "關係", "关系", "유형",
        "구분", "종류", "교류유형", "결연구분", "тип", "вид", "формасотрудничества", "статус", "type", "kind",
        "category", "relationship", "status"
    ),
    "note": (
        "備考", "摘要", "内容", "経緯", "概要", "主な交流", "交流内容", "备注", "经过", "说明", "비고", "주요내용", "내용",
        "примечание", "примечания", "комментарий", "notes", "note", "remarks", "comment",
        "comments", "details"
    ),
    "event": (
        "会議名", "大会名", "名称", "会議", "行事名", "事業名", "イベント名", "会合名", "会议名称", "活动名称", "행사명", "회의명", "행사",
        "회의", "название", "мероприятие", "событие", "event", "meeting", "conference", "title",
        "name"
    ),
    "host": (
        "開催都市", "開催地", "開催場所", "主催都市", "開催自治体", "会場", "場所", "举办城市", "举办地", "举办地点", "地点", "개최도시",
        "개최지", "개최장소", "장소", "местопроведения", "городпроведения", "место", "hostcity", "host",
        "venue", "location", "place"
    ),
    "period": (
        "期間", "日程", "開催日", "開催期間", "会期", "開催日程", "開催年月日", "実施日", "実施期間", "訪問期間", "訪問日", "来訪日",
        "派遣期間", "時期", "举办时间", "日程安排", "기간", "일정", "개최일", "개최기간", "방문기간", "방문일", "сроки", "даты",
        "датапроведения", "срокипроведения", "периодвизита", "dates", "period", "when", "heldon",
        "datesheld"
    ),
    "count": (
        "参加会員都市数", "参加都市数", "参加者数", "参加人数", "人数", "参加者", "参加国数", "団員数", "訪問者数", "派遣人数", "来訪者数",
        "参加自治体数", "参加人数", "人数规模", "참가자", "인원", "참가자수", "참가인원", "방문인원", "참가도시수", "участники",
        "числоучастников", "количествоучастников", "составделегации", "participants", "attendees", "participatingcities", "participatingmembers", "participatingmembercities", "numberofcities",
        "numberofparticipants", "delegates", "pax"
    ),
    "fiscal": (
        "年度", "실시연도", "연도", "fiscalyear", "fy"
    ),
    "edition": (
        "回", "回数", "開催回", "次", "届", "차수", "회차", "회", "№", "no", "edition", "#"
    ),
    "joined": (
        "加盟年", "加盟日", "加入年", "加入日", "加盟年月日", "加盟年度", "入会年", "入会日", "가입", "가입일", "가입연도", "가입년도",
        "годвступления", "датавступления", "членс", "yearjoined", "joined", "membersince",
        "accession", "dateofaccession", "yearofaccession"
    ),
    "member": (
        "会員都市", "加盟都市", "会員", "加盟自治体", "会員自治体", "加盟団体", "会員名", "成员城市", "会员城市", "成员", "회원도시", "회원",
        "회원지자체", "회원단체", "членыассоциации", "член", "члены", "городачлены", "участник",
        "membercity", "member", "members", "membercities", "memberorganization"
    ),
    "sender": (
        "派遣元", "訪問団", "訪問団名", "来訪団体", "訪問団体", "来訪者", "来訪団", "派遣団", "代表団", "代表团", "来访团", "방문단",
        "대표단", "делегация", "delegation", "visitors"
    ),
    "visited": (
        "訪問先", "派遣先", "訪問国", "訪問都市", "访问地", "방문지", "방문국", "방문도시", "местовизита", "визитв",
        "destination", "visited"
    ),
    "purpose": (
        "目的", "用務", "訪問目的", "목적", "цель", "purpose", "objective"
    ),
    "index": (
        "no", "番号", "連番", "№", "순번", "번호", "#", "n", "п/п", "№п/п"
    ),
}
# fmt: on

# Card labels beyond the header words: a partner page's "label: value" lines.
# fmt: off
CARD_WORDS: dict[str, tuple[str, ...]] = {
    "partner": (
        "都市名", "名称", "相手都市名", "正式名称", "姉妹都市名", "友好都市名", "城市名称", "도시명", "명칭", "название", "name",
        "cityname"
    ),
    "note": (
        "経緯", "概要", "提携の経緯", "交流の経緯", "沿革", "경위", "개요", "история", "history", "background"
    ),
    "region": (
        "位置", "所在地", "위치", "расположение", "location"
    ),
    # a delegation's make-up ("市長を団長に…総勢18名"): its head count, in a card only (as a
    # column header, 構成 starts member lists: 構成団体, 構成市町村)
    "count": (
        "構成", "団構成", "団員構成", "訪問団構成", "구성", "방문단구성", "составделегации", "состав",
        "composition", "delegationmembers"
    ),
    "skip": (
        "人口", "面積", "市長", "気候", "産業", "主な産業", "特色", "特徴", "市の花", "市の木", "인구", "면적", "시장",
        "население", "площадь", "мэр", "глава", "population", "area", "mayor", "climate",
        "industry", "website", "url", "ホームページ", "홈페이지", "сайт", "電話", "tel", "fax", "email",
        "e-mail", "問い合わせ", "お問い合わせ", "担当"
    ),
}
# fmt: on

# Kinds of tie, strongest first: a cell or heading naming one of these gives the type.
TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("staff_exchange", r"職員(?:の)?(?:相互)?派遣|相互派遣|staff exchange|обмен сотрудниками"),
    (
        "sister",
        r"姉妹|姐妹|자매|побрат|породн|sister|twin(?:ned|ning|s)?\b|twin[- ]?town|jumel",
    ),
    ("friendship", r"友好|우호|дружб|дружествен|friendship|friendly"),
    ("protocol", r"議定書|议定书|의정서|протокол|protocol"),
    (
        "memorandum",
        r"覚書|備忘録|了解覚書|谅解备忘录|备忘录|양해각서|(?-i:\bMOU\b|\bMoU\b)|меморандум|memorandum|letter of intent",
    ),
    (
        "sector",
        r"(?:防災|環境|水道|上下水道|観光|経済|産業|港湾|医療|教育|文化|スポーツ|技術)"
        r"(?:分野)?(?:協力|交流)?(?:協定|提携)|経済交流|economic|(?:港湾|港)提携|友好港|姉妹港"
        r"|협력협정|교류협정|경제교류|환경협력|partnership agreement",
    ),
    (
        "other",
        r"交流協定|協力協定|協定|提携|合作协议|合作|交流合作|협약|협정|交流|교류"
        r"|соглашени|сотруднич|cooperation|partnership|partner",
    ),
)
_TYPE_PATTERNS = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in TYPE_WORDS]
# 姉妹港 and 友好港 are port ties; their kind is sister/friendship of ports all the same.
_PORT = re.compile(r"姉妹港|友好港")


def agreement_type(text: str, *, weak: bool = True) -> str | None:
    """The kind of tie a text names; ``weak=False`` ignores the generic words (協定, 交流,
    cooperation) that only say some tie exists."""
    if not text:
        return None
    t = unicodedata.normalize("NFKC", text)
    if _PORT.search(t):
        return "sister" if "姉妹" in t else "friendship"
    for kind, pattern in _TYPE_PATTERNS:
        if kind == "other" and not weak:
            return None
        if pattern.search(t):
            return kind
    return None


# Words that say a table or list is about a network's members, its meetings, or visits.
NETWORK_WORDS = re.compile(
    r"加盟|会員|メンバー|参加都市|参加自治体|構成|成员|会员|회원|가입|회원도시|член|участник"
    r"|member|signator|network|ネットワーク|連合|連盟|協議会|同盟|联盟|협의회|연합|ассоциац|союз|league|union|association|alliance|council",
    re.IGNORECASE,
)
MEMBER_WORDS = re.compile(
    r"加盟|会員|メンバー|参加都市|構成都市|成员|会员|회원|가입|член|member|signator", re.IGNORECASE
)
OBSERVER_WORDS = re.compile(
    r"オブザーバー|观察员|觀察員|옵서버|옵저버|наблюдател|observer", re.IGNORECASE
)
MEETING_WORDS = re.compile(
    r"会議|総会|大会|サミット|フォーラム|セミナー|シンポジウム|会合|会议|峰会|论坛|회의|총회|포럼|정상회의"
    r"|конференц|саммит|форум|ассамбле|съезд|заседан|conference|summit|forum|assembly|meeting|congress|general meeting",
    re.IGNORECASE,
)
VISIT_WORDS = re.compile(
    r"訪問|来訪|派遣|来日|訪日|代表団|使節団|視察|访问|代表团|来访|방문|대표단|파견|визит|делегац|посет|visit|delegation|mission",
    re.IGNORECASE,
)
TOTAL_WORDS = re.compile(
    r"^(?:合計|計|小計|総計|总计|合计|共计|합계|총계|소계|итого|всего|total|subtotal|sum)$",
    re.IGNORECASE,
)
