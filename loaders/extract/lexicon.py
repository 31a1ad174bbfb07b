"""Word lists the entity and claim passes share: suffixes, openers, roles, verbs.

These describe English and business writing, not particular companies
(those live in the gazetteer data file), so they stay small and general.
"""

from __future__ import annotations

from ...graph.model import EntityKind


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Last words that make a capitalised name a company's name (legal and corporate forms).
COMPANY_SUFFIXES = _words(
    """Inc Inc. Corp Corp. Corporation Co Co. Company Ltd Ltd. Limited LLC PLC plc AG SA S.A. SE NV N.V.
    GmbH Bhd KK Group Holdings Holding Technology Technologies Tech Motors Motor Pharmaceutical
    Pharmaceuticals Pharma Semiconductor Semiconductors Electronics Electric Energy Airlines Airways
    Telecom Telecommunications Systems Software Networks Labs Industries Enterprises Robotics Biotech
    Therapeutics Biosciences Entertainment Communications Microelectronics Microsystems Materials
    Chemicals Chemical Logistics Automotive Auto Steel Aluminum Aluminium Mining Petroleum Oil Gas
    Power Solar Foods Brewery Brands Retail Stores Properties Realty Resources Shipping Manufacturing
    Machinery Devices Instruments Optical Photonics Circuit Circuits Intelligence Interactive Games Bank
    Insurance Capital Ventures Partners Investments Securities Financial Beer Dairy Food Textile Textiles
    Apparel Cosmetics Education Healthcare Medical Medicine Pharmacy Glass Paper Cement Construction
    Engineering Environmental Railway Express Tires Appliances Lighting Furniture Liquor Wine Trust Leasing
    Estate Developments Hotels Resorts Casino Casinos Airport Ports Broadband Satellite Aerospace Defense
    Defence Nuclear Hydrogen Battery Batteries Lithium Pet Biotechnology Biopharma Diagnostics Genomics"""
)
#: Suffixes that make a name an organisation (brokers, media, regulators, institutions) rather than a company.
ORG_SUFFIXES = _words(
    """Securities Research Journal Times News Post Daily Herald Press Reuters Weekly Magazine Review
    Tribune Gazette Television TV Radio Media Agency Commission Ministry Administration Bureau Authority
    Exchange Council Department Institute University Association Federation Office Committee Regulator
    Board Fund Foundation Wire Newswire Newswires Insights Analytics Consulting Advisors Advisory Associates
    Broadcasting"""
)
#: Corporate suffixes that may be dropped to meet a gazetteer name ("Huawei Technologies" -> "Huawei").
GENERIC_SUFFIXES = _words(
    "Inc Inc. Corp Corp. Corporation Co Co. Company Ltd Ltd. Limited LLC PLC plc Group Holdings Holding "
    "Technology Technologies"
)
#: Words that join parts of one name.
CONNECTORS = _words("of for & de and")
#: Words never part of an organisation's name when they open a capitalised run (lower-cased).
STOPWORDS = _words(
    """the a an this that these those its it our we they their his her he she i you your my as at by in on
    of for from with to into over after before since during until when while where if but and or so yet
    also then thus however meanwhile moreover furthermore additionally separately still besides
    january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday today
    yesterday tomorrow shares share stock stocks according analysts analyst investors officials sources
    executives chairman chairwoman ceo cfo cto coo president founder mr ms mrs dr prof sir chief
    q1 q2 q3 q4 h1 h2 fy ttm yoy qoq total net gross adjusted revenue revenues sales profit profits
    tp pt eps ebitda ebit gmv arpu capex roe roa nav aum
    second third fourth fifth last next its some many most all both each every other such
    according overall currently recently historically starting looking despite given based"""
)
#: Broker ratings: never a name, nor part of one at its ends ("BUY", "Maintain OUTPERFORM").
RATINGS = _words(
    """buy sell hold outperform underperform neutral overweight underweight accumulate reduce
    market-perform sector-perform equal-weight peer-perform"""
)
#: Finance abbreviations and titles written in capitals: never a name on their own (lower-cased).
ABBREVIATIONS = _words(
    """tp pt eps ceo cfo cto coo cio yoy qoq mom ytd ttm ltm ebit ebita ebitda gmv arpu dau mau capex
    opex roe roa roic roi nav aum fcf ocf ipo cagr dcf esg kpi pe p/e pb ps ev nim npl bps pp fy q1 q2
    q3 q4 h1 h2 1h 2h usd rmb cny hkd na n/a tbd faq"""
)


def not_a_name(words: list[str]) -> bool:
    """Whether a capitalised run is only ratings and abbreviations ("BUY", "TP", "EPS YoY")."""
    return bool(words) and all(
        w.strip(".,:;()").lower() in RATINGS or w.strip(".,:;()").lower() in ABBREVIATIONS
        for w in words
    )


#: Words that open sentences; capitalised at a sentence start, they are not names (lower-cased).
OPENERS = _words(
    """although because once though unlike like regarding including excluding following amid among
    under above below about against through within without between beyond toward towards upon via
    there here what which who whom whose why how is are was were be been being has have had do does did
    will would can could should might must shall let note notably importantly overall finally first
    second third lastly looking going compared year quarter revenue growth cloud market industry
    investors event risks risk warning source report summary conclusion outlook valuation rating
    earnings guidance"""
)
#: Auxiliaries that may stand between a subject and its reporting verb.
AUX = r"(?:has|have|had|will|would|is|was|also|on\s+\w+day)"
#: Verbs that, right after a capitalised name, put that name in subject position.
REPORTING_VERBS = (
    r"said|says|announced|announces|reported|reports|posted|posts|launched|launches|unveiled|unveils"
    r"|plans|planned|expects|disclosed|discloses|agreed|agrees|acquired|acquires|signed|signs|released"
    r"|releases|introduced|introduces|warned|warns|raised|raises|cut|cuts|filed|files|completed"
    r"|kept|keeps|lifted|lifts|stays|remains|trimmed|reiterates|maintains"
    r"|confirmed|confirms|denied|denies|reiterated|maintained|lowered|lowers|shipped|ships|invested"
    r"|invests|hired|listed|debuted|priced|delivered|delivers|sold|sells|bought|buys|opened|opens"
    r"|won|wins|partnered|teamed|rolled|began|begins|started|starts|aims|intends|forecast|forecasts"
    r"|projected|projects|estimated|estimates|rated|rates|upgraded|downgraded|initiated"
)
#: Titles written before a person's name.
HONORIFICS = r"Mr|Ms|Mrs|Miss|Dr|Prof|Professor|Sir|Dame|Madam"
#: Roles written before or after a person's name (case ignored).
ROLES = (
    r"CEO|CFO|CTO|COO|chief\s+executive(?:\s+officer)?|chief\s+financial\s+officer|chief\s+technology\s+officer"
    r"|chief\s+operating\s+officer|chairman|chairwoman|chairperson|president|vice\s+president|founder"
    r"|co-founder|cofounder|executive|director|spokesperson|spokesman|spokeswoman|analyst|analysts"
    r"|economist|strategist|minister|secretary|governor|head|manager|lawmaker|senator|professor|chair"
)


def suffix_kind(words: list[str]) -> EntityKind | None:
    """The kind a name's last word gives it (Company, Organization), or None without a suffix."""
    if len(words) < 2:
        return None
    last = words[-1].rstrip(",")
    if last in ORG_SUFFIXES:
        return EntityKind.ORGANIZATION
    if last in COMPANY_SUFFIXES or last.rstrip(".") in COMPANY_SUFFIXES:
        return EntityKind.COMPANY
    return None


def name_kind(words: list[str]) -> EntityKind:
    """The kind of an organisation named by ``words``: Organization when its last word names a
    broker, medium, regulator or institution, else Company."""
    if words and words[-1] in ORG_SUFFIXES:
        return EntityKind.ORGANIZATION
    return suffix_kind(words) or EntityKind.COMPANY


#: Places and nationalities: a company name may open with one ("China Merchants Bank"), so
#: alone they never stand for the company.
PLACE_WORDS = _words(
    """China Chinese Hong Kong Shanghai Beijing Shenzhen Guangzhou Hangzhou Tianjin Chongqing Wuhan
    Chengdu Nanjing Suzhou Xiamen Hefei Jiangsu Zhejiang Guangdong Shandong Sichuan Hubei Hunan Henan
    Fujian Anhui Yunnan Taiwan Macau Singapore Japan Japanese Korea Korean India Indian Asia Asian Pacific
    America American United States National International Global Euro Europe European British Britain
    German Germany French France Canada Canadian Australia Australian New North South East West Central
    Western Eastern Northern Southern Great Greater Golden Royal General Standard First People Peoples
    Zhengzhou Tianshan Ningbo Qingdao Dalian Xi'an Changsha Kunming Harbin Shenyang York Jersey London
    Paris Tokyo Seoul Frankfurt Zurich Geneva Toronto Vancouver Sydney Melbourne Mumbai Delhi Bangalore
    Washington California Texas Silicon Valley Wall Street Brussels Berlin Amsterdam Dubai Riyadh Jakarta
    Bangkok Hanoi Manila Kuala Lumpur Beijing's China's Asia-Pacific Southeast Northeast Middle"""
)


def only_places(words: list[str]) -> bool:
    """Whether every word of a name is a place word ("New York", "Hong Kong"): a place, not a firm."""
    return all(w.rstrip(".,") in PLACE_WORDS for w in words)


def is_distinctive(word: str) -> bool:
    """Whether a capitalised word can stand alone for the company whose name it opens."""
    return (
        word not in PLACE_WORDS
        and word not in COMPANY_SUFFIXES
        and word not in ORG_SUFFIXES
        and word.lower() not in STOPWORDS
        and word.lower() not in OPENERS
    )


def only_place_and_suffix(words: list[str]) -> bool:
    """Whether a name is only places and suffixes ("US Semiconductors", "China Banks"): a sector, not a firm."""
    return len(words) <= 2 and all(
        w in PLACE_WORDS or w in ("US", "U.S.", "UK", "EU") or w.rstrip(".,") in COMPANY_SUFFIXES
        or w in ORG_SUFFIXES for w in words
    )


#: Words just before a name that make it an organisation: "chipmaker X", "acquisition of X", "stake in X".
ORG_CUES = (
    r"company|firm|startup|start-up|maker|chipmaker|carmaker|automaker|developer|provider|operator|brokerage"
    r"|lender|insurer|retailer|rival|competitor|peer|subsidiary|affiliate|acquisition\s+of|acquire[sd]?|acquiring"
    r"|bought|stake\s+in|shares\s+(?:in|of)|invest(?:ed|s|ing)?\s+in|merger\s+with|takeover\s+of"
    r"|partnership\s+with|partnered\s+with|(?:customers|clients|rivals|competitors|peers)\s+(?:like|such\s+as|including)"
    r"|ratings?\s+(?:for|on|of)|coverage\s+(?:of|on)|upgrades?\s+of|downgrades?\s+of"
    r"|(?:backed|funded|owned|controlled|acquired)\s+by|fund|investor|parent|unit\s+of|spun\s+off\s+from"
)


#: Small words that a headline in Title Case capitalises and running text does not.
TITLE_SMALL_WORDS = _words(
    "With As To And In On At By From After Before Over Into Amid Than Its The A An For Is Are Was Will Be Up Down"
)
#: Adjectives of nationality that open a description, never a company's own name.
NATIONALITIES = _words(
    """Chinese American Japanese Korean South-Korean Taiwanese German French British European Indian
    Singaporean Australian Canadian Swiss Dutch Swedish Israeli Russian Italian Spanish Brazilian
    Mainland Domestic Foreign Global Leading Local"""
)


#: After a name, a rating that only a listed company gets ("X kept at Buy", "X remains Sell").
RATING_AFTER = (
    r"(?:\s*[(（][^()（）\n]{1,12}[)）])?\s+(?:was\s+|is\s+)?(?:kept|stays|remains|maintained|rated|upgraded|downgraded|cut|raised)\s+"
    r"(?:at\s+|to\s+|as\s+)?(?:a\s+)?(?:Buy|Neutral|Sell|Hold|Outperform|Underperform|Overweight|Underweight"
    r"|Accumulate|Reduce|Equal[- ]weight)\b"
)
#: Before a name, a rating action ("Goldman Sachs cut X from Buy", "upgraded X to Outperform").
RATING_BEFORE = r"(?:cut|kept|raised|lifted|upgraded|downgraded|reiterated|maintained|initiated\s+coverage\s+(?:on|of))"
