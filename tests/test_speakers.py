"""Speaker attribution, case by case, through the public API (``stance.load().tag``).

Every case is a short news-style text written for this file (not taken from the seed articles),
the index of the sentence to check, the party that ../shared/CODEBOOK.md and labels/GUIDELINES.md
give it, and, where the rules fix it exactly, the expected ``name`` as the sentence writes it and the
``canonical`` person or body it refers to (``None``: not checked).
The pytest id names the pattern under test.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stance
from stance.speakers.rules import default_rules

AUTHOR = "author"
RULES = default_rules()


def case(case_id: str, text: str, index: int, party: str, name: str | None = None, canonical: str | None = None):
    return pytest.param(text, index, party, name, canonical, id=case_id)


CASES = [
    # --- reporting and speech verbs, before or after the quote ---------------------------------
    case(
        "verb-after-quote-said-x",
        "“The controls are working exactly as intended,” said Commerce Secretary Gina Raimondo.",
        0,
        "us-gov",
    ),
    case(
        "verb-before-x-said",
        "The Ministry of Science and Technology said domestic accelerators would get priority in state data centres.",
        0,
        "china-gov",
        "The Ministry of Science and Technology",
    ),
    case(
        "verb-x-told-outlet",
        "A Samsung spokeswoman told Reuters the company had received no request to halt memory shipments to Wuxi.",
        0,
        "industry",
        "A Samsung spokeswoman",
    ),
    case(
        "verb-other-government",
        "The Dutch economic affairs ministry said the licences for the older machines would not be renewed.",
        0,
        "other-gov",
        "The Dutch economic affairs ministry",
    ),
    case(
        "verb-x-added",
        "Semianalysis analysts added that yields at the new Shanghai fab remain below 50 percent.",
        0,
        "analyst",
        "Semianalysis analysts",
    ),
    case(
        "verb-trailing-comma-x-said",
        "Shipments of high-bandwidth memory to Chinese buyers fell by a third in the second quarter, "
        "Counterpoint Research analysts said.",
        0,
        "analyst",
        "Counterpoint Research analysts",
    ),
    case(
        "verb-x-wrote",
        "In a note to clients, Morgan Stanley analysts wrote that the new rules could cut Applied Materials' "
        "China revenue by a fifth.",
        0,
        "analyst",
        "Morgan Stanley analysts",
    ),
    case(
        "verb-after-quote-x-said",
        "“We have never shipped a restricted part to a listed entity,” Lenovo said on Wednesday.",
        0,
        "industry",
        "Lenovo",
    ),
    # --- directive verbs ----------------------------------------------------------------------
    case(
        "directive-urged",
        "Senate lawmakers urged the Department of Commerce to close the loophole that lets Chinese firms rent "
        "cloud GPUs.",
        0,
        "us-gov",
        "Senate lawmakers",
    ),
    case(
        "directive-asked",
        "China's market regulator asked Qualcomm to hand over documents on its purchase of an Israeli chip designer.",
        0,
        "china-gov",
        "China's market regulator",
    ),
    case(
        "directive-warned",
        "Xinhua warned that foreign chip suppliers could not be relied upon in a crisis.",
        0,
        "china-media",
        "Xinhua",
    ),
    case(
        "directive-demanded",
        "The Ministry of Commerce demanded that Washington withdraw the new entity listings immediately.",
        0,
        "china-gov",
        "The Ministry of Commerce",
    ),
    case(
        "directive-ordered",
        "The Beijing municipal government ordered state-owned data centres to replace foreign accelerators by 2027.",
        0,
        "china-gov",
        "The Beijing municipal government",
    ),
    # --- denial verbs -------------------------------------------------------------------------
    case(
        "denial-denied",
        "A senior executive at Alibaba denied that the company had stockpiled restricted accelerators.",
        0,
        "industry",
        "A senior executive at Alibaba",
    ),
    case(
        "denial-disputed",
        "SK Hynix disputed claims that its chips had turned up inside Huawei's latest phone.",
        0,
        "industry",
        "SK Hynix",
    ),
    case(
        "denial-rejected",
        "The Chinese embassy in Washington rejected the accusations as groundless smears.",
        0,
        "china-gov",
        "The Chinese embassy in Washington",
    ),
    case(
        "denial-nvidia-spokeswoman",
        "An Nvidia spokeswoman denied that the new workstation cards could be tracked after sale.",
        0,
        "nvidia",
        "An Nvidia spokeswoman",
    ),
    # --- according to, in a statement, X's statement said --------------------------------------
    case(
        "according-to-outlet",
        "Exports of chipmaking equipment from Japan to China rose 40 percent in July, according to Nikkei Asia.",
        0,
        "press",
        "Nikkei Asia",
    ),
    case(
        "according-to-sources",
        "Seoul is seeking a blanket waiver for its memory makers' Chinese plants, according to two people briefed "
        "on the talks.",
        0,
        "sources",
        "two people briefed on the talks",
    ),
    case(
        "according-to-leading",
        "According to researchers at Georgetown University, smuggled accelerators now reach Shenzhen within a week.",
        0,
        "analyst",
    ),
    case(
        "in-a-statement",
        "In a statement released late on Monday, SK Hynix confirmed it had obtained a one-year waiver for its "
        "Wuxi plant.",
        0,
        "industry",
        "SK Hynix",
    ),
    case(
        "x-statement-said",
        "The White House's statement said the licence waivers for foreign memory makers would not be renewed.",
        0,
        "us-gov",
    ),
    # --- colon introductions ------------------------------------------------------------------
    case(
        "colon-verb-colon-quote",
        "In a front-page commentary, China's state-run Economic Daily wrote: “Relying on imported chips is like "
        "building a house on sand.”",
        0,
        "china-media",
        "China's state-run Economic Daily",
    ),
    case(
        "colon-name-colon-quote",
        "Commerce Secretary Gina Raimondo: “We cannot let Beijing have these chips.”",
        0,
        "us-gov",
    ),
    # --- trailing attributions ----------------------------------------------------------------
    case(
        "trailing-dash-credit",
        "Tokyo Electron plans to cut its China sales forecast for the year by a quarter - Nikkei Asia",
        0,
        "press",
        "Nikkei Asia",
    ),
    case(
        "trailing-outlet-reported",
        "The administration is weighing a cap on AI chip exports to Gulf states, Politico reported.",
        0,
        "press",
        "Politico",
    ),
    case(
        "trailing-the-report-said",
        "Le Monde reported on Tuesday that Paris would back an EU review of Chinese chip investments. "
        "The review would cover deals above 50 million euros, the report said.",
        1,
        "press",
        "the report",
    ),
    # --- quotes that open before their attribution --------------------------------------------
    case(
        "quote-opens-before-attribution-person",
        "“Our customers in China have other options now. They are not waiting for us,” said Lisa Su, "
        "chief executive of AMD.",
        0,
        "industry",
        "",
        "Lisa Su",
    ),
    case(
        "quote-opens-before-attribution-body",
        "“These restrictions hurt American companies more than Chinese ones. We have said so for years,” "
        "the Semiconductor Industry Association said in a statement.",
        0,
        "industry",
        "",
        "Semiconductor Industry Association",
    ),
    # --- what does not make a speaker ---------------------------------------------------------
    case(
        "no-speaker-summoned",
        "China's market regulator summoned executives from Micron to a meeting in Beijing on Wednesday.",
        0,
        AUTHOR,
        "",
    ),
    case(
        "no-speaker-banned",
        "The Ministry of Commerce banned exports of gallium and germanium to the United States.",
        0,
        AUTHOR,
        "",
    ),
    case(
        "no-speaker-restricted",
        "The Department of Commerce restricted sales of high-bandwidth memory to Chinese customers in December.",
        0,
        AUTHOR,
        "",
    ),
    case(
        "no-speaker-published-report",
        "Semianalysis published a report on Huawei's Ascend yields last week.",
        0,
        AUTHOR,
        "",
    ),
    case(
        "no-speaker-released-report",
        "The Center for Strategic and International Studies released a report on chip smuggling through Singapore.",
        0,
        AUTHOR,
        "",
    ),
    case(
        "no-speaker-reportedly",
        "Alibaba has reportedly begun testing an inference chip made by a domestic foundry.",
        0,
        AUTHOR,
        "",
    ),
    case(
        "no-speaker-was-asked-no-agent",
        "Executives at Baidu were asked to explain their purchases of foreign accelerators.",
        0,
        AUTHOR,
        "",
    ),
    case(
        "no-speaker-worry",
        "Industry executives worry that the new licensing rules will slow deliveries to Malaysia.",
        0,
        AUTHOR,
        "",
    ),
    # --- nested attribution: the outermost source wins -----------------------------------------
    case(
        "nested-outlet-reported-officials-urged",
        "Politico reported that White House officials had urged Samsung to stop upgrading its Xi'an plant.",
        0,
        "press",
        "Politico",
    ),
    case(
        "nested-sources-told-outlet",
        "Two people briefed on the talks told the Financial Times that the Ministry of Commerce had warned "
        "Dutch officials against new curbs.",
        0,
        "sources",
        "Two people briefed on the talks",
    ),
    case(
        "nested-outlet-trailing-over-analysts-said",
        "Analysts at Jefferies said Huawei could ship 700,000 Ascend chips this year, the Korea Herald reported.",
        0,
        "press",
        "the Korea Herald",
    ),
    case(
        "nested-according-to-outlet-over-told",
        "According to Handelsblatt, Infineon executives told ministers in Berlin that Chinese orders had dried up.",
        0,
        "press",
        "Handelsblatt",
    ),
    # --- carry-over: pronouns, "the statement", "the company", continued quotes -----------------
    case(
        "carry-over-she-added",
        "Gina Raimondo, the commerce secretary, said her department would audit every licence granted to "
        "Chinese cloud providers. “We will find out where these chips are going,” she added.",
        1,
        "us-gov",
        "she",
        "Gina Raimondo",
    ),
    case(
        "carry-over-the-statement-said",
        "In a statement on Sunday, the Ministry of Commerce said it would open an anti-dumping probe into "
        "American analog chips. The probe will cover products sold since January 2024, the statement said.",
        1,
        "china-gov",
        "the statement",
    ),
    case(
        "carry-over-the-company-said",
        "Samsung Electronics said its quarterly operating profit fell 56 percent as memory sales to China slowed. "
        "Shipments of high-bandwidth memory will recover in the fourth quarter, the company said.",
        1,
        "industry",
        "the company",
    ),
    case(
        "carry-over-the-ministry-said",
        "China's Ministry of Science and Technology announced a fund for chip design software on Monday. "
        "The fund will back at least 30 startups, the ministry said.",
        1,
        "china-gov",
        "the ministry",
    ),
    case(
        "carry-over-the-report-added",
        "The Washington Post reported that the administration was preparing new curbs on chipmaking tools. "
        "Applied Materials and Lam Research would be hit hardest, the report added.",
        1,
        "press",
        "the report",
    ),
    case(
        "carry-over-unattributed-quote-continues-after-colon",
        "Xinhua said in a commentary: “Foreign suppliers have proved unreliable. Self-reliance is the only road.”",
        1,
        "china-media",
        "",
        "Xinhua",
    ),
    case(
        "carry-over-unattributed-quote-after-attributed-quote",
        "“We have complied with every rule,” a senior executive at SMIC told reporters. “We will keep doing so.”",
        1,
        "industry",
        "",
        "SMIC",
    ),
    case(
        "carry-over-he-said-role-from-apposition",
        "Jonas Weber, a researcher at the Mercator Institute for China Studies, said smuggling through Malaysia "
        "was rampant. He said enforcement had barely begun.",
        1,
        "analyst",
        "He",
        "Jonas Weber",
    ),
    case(
        "carry-over-the-company-skips-later-outlet",
        "Lenovo said it would move server assembly for American customers out of China. "
        "Xinhua, meanwhile, said the move would make no difference. "
        "The company added that prices would not rise.",
        2,
        "industry",
        "The company",
    ),
    case(
        "carry-over-does-not-leak-into-author-sentence",
        "Semianalysis analysts said Huawei's yields had improved sharply. Huawei was founded in 1987 in Shenzhen.",
        1,
        AUTHOR,
        "",
    ),
    # --- new names mapped through what the name says -------------------------------------------
    case(
        "name-ministry",
        "China's Ministry of State Security said foreign chips could carry hidden tracking functions.",
        0,
        "china-gov",
        "China's Ministry of State Security",
    ),
    case(
        "name-regulator",
        "China's securities regulator said it would tighten checks on chip startups seeking listings.",
        0,
        "china-gov",
        "China's securities regulator",
    ),
    case(
        "name-watchdog",
        "China's antitrust watchdog said it had found preliminary evidence that Qualcomm broke competition law.",
        0,
        "china-gov",
        "China's antitrust watchdog",
    ),
    case(
        "name-beijing-officials",
        "Officials in Beijing said the new curbs amounted to economic bullying.",
        0,
        "china-gov",
        "Officials in Beijing",
    ),
    case(
        "name-commerce-secretary",
        "The Commerce Secretary told senators that no licences had been granted for Huawei since March.",
        0,
        "us-gov",
        "The Commerce Secretary",
    ),
    case(
        "name-white-house",
        "The White House said it would not extend the equipment waivers for Samsung and SK Hynix.",
        0,
        "us-gov",
        "The White House",
    ),
    case(
        "name-lawmakers",
        "A group of Republican lawmakers wrote that the deal would hand Beijing a strategic advantage.",
        0,
        "us-gov",
        "A group of Republican lawmakers",
    ),
    case(
        "name-spokesperson-company",
        "A spokesperson for Micron said the company was cooperating fully with the review.",
        0,
        "industry",
        "A spokesperson for Micron",
    ),
    case(
        "name-experts",
        "Export-control experts said the new rule left room for chips to be rerouted through third countries.",
        0,
        "analyst",
        "Export-control experts",
    ),
    case(
        "name-people-with-knowledge",
        "People with knowledge of the plans said Tencent had paused orders for foreign accelerators.",
        0,
        "sources",
        "People with knowledge of the plans",
    ),
    case(
        "name-industry-sources",
        "Industry sources told Caixin that three domestic GPU makers were preparing to list in Shanghai.",
        0,
        "sources",
        "Industry sources",
    ),
    case(
        "name-one-person",
        "Moore Threads has begun sampling its next accelerator to cloud providers, one person involved in the "
        "talks said.",
        0,
        "sources",
        "one person involved in the talks",
    ),
    case(
        "name-outlet-le-monde",
        "Le Monde reported that French officials had blocked the sale of a chip-testing firm to a Chinese buyer.",
        0,
        "press",
        "Le Monde",
    ),
    case(
        "name-chinese-state-media",
        "China's state-run Science and Technology Daily said domestic accelerators now matched imported ones.",
        0,
        "china-media",
        "China's state-run Science and Technology Daily",
    ),
    case(
        "name-other-company",
        "ASML said it expected China to account for a fifth of its sales next year.",
        0,
        "industry",
        "ASML",
    ),
    case(
        "name-role-given-elsewhere-analyst",
        "Priya Raman, a semiconductor analyst at Bernstein, expects the curbs to backfire. "
        "Raman said Chinese buyers had already stockpiled a year of supply.",
        1,
        "analyst",
        "Raman",
    ),
    case(
        "name-role-given-elsewhere-us-official",
        "Tom Hollis, a deputy undersecretary at the Commerce Department, appeared before a House panel on Tuesday. "
        "Hollis said enforcement staff had doubled since January.",
        1,
        "us-gov",
        "Hollis",
    ),
    # --- unbalanced and curly quotes still attribute ------------------------------------------
    case(
        "quotes-unclosed-curly",
        "“The rules are clear and they will be enforced, the White House said.",
        0,
        "us-gov",
        "the White House",
    ),
    case(
        "quotes-mixed-straight-and-curly",
        '"We comply with every export law,” a Tencent spokesperson said.',
        0,
        "industry",
        "a Tencent spokesperson",
    ),
    case(
        "quotes-nested-single-inside-double",
        "“Calling these chips ‘safe’ is a joke,” the Global Times wrote in an editorial.",
        0,
        "china-media",
        "the Global Times",
    ),
]


def check(tags: list[stance.Tag], index: int, party: str, name: str | None, canonical: str | None = None) -> None:
    """Assert the speaker (and name, canonical) of sentence ``index``, with a message that shows the sentence."""
    assert index < len(tags), f"only {len(tags)} sentences: {[t.text for t in tags]!r}"
    tag = tags[index]
    sentence, found, found_name = tag.text, tag.speaker, tag.name
    assert found == party, f"{sentence!r}: expected {party}, found {found} ({found_name!r})"
    if party == AUTHOR:
        assert found_name == "", f"{sentence!r}: expected author with name '', found name {found_name!r}"
    if name is not None:
        assert found_name == name, f"{sentence!r}: expected {party} ({name!r}), found {found} ({found_name!r})"
    if canonical is not None:
        assert tag.canonical == canonical, f"{sentence!r}: expected canonical {canonical!r}, found {tag.canonical!r}"


@pytest.mark.parametrize(("text", "index", "party", "name", "canonical"), CASES)
def test_speaker(tagger, text, index, party, name, canonical):
    check(tagger.tag(text), index, party, name, canonical)


def test_cases_are_many_and_cover_every_party():
    parties = {c.values[2] for c in CASES}
    assert 50 <= len(CASES) <= 80
    assert parties == set(stance.PARTIES)


# --- issue 17: each failure category seen on real news, in sentences written for this file ---------------
# (missed speech acts; quotes across sentences; wrong party for a known kind of name; an outlet as recipient
# or as reporter; headlines; Tag.canonical across the text). None is copied from an evaluation set.

NEWS_CASES = [
    case(
        "speech-criticised",
        "Senator Elizabeth Warren criticised the licence deal as a giveaway to Beijing.",
        0,
        "us-gov",
        "Senator Elizabeth Warren",
        None,
    ),
    case(
        "speech-slammed",
        "The Global Times slammed the new export rule as economic bullying.",
        0,
        "china-media",
        "The Global Times",
        None,
    ),
    case(
        "speech-estimated",
        "Bernstein estimated that Chinese buyers would spend $12 billion on the downgraded accelerators this year.",
        0,
        "analyst",
        "Bernstein",
        None,
    ),
    case(
        "speech-unveiled",
        "The Ministry of Industry and Information Technology unveiled a plan to replace foreign chips in state data "
        "centres.",
        0,
        "china-gov",
        "The Ministry of Industry and Information Technology",
        None,
    ),
    case(
        "speech-made-public",
        "Micron made public on Friday that it had stopped selling server memory to Chinese data centres.",
        0,
        "industry",
        "Micron",
        None,
    ),
    case(
        "speech-responded",
        "A spokesperson for ASML responded that the company follows every export rule that applies to it.",
        0,
        "industry",
        "A spokesperson for ASML",
        None,
    ),
    case(
        "speech-clarified",
        "Intel clarified that its Gaudi accelerators sold in China meet every current limit.",
        0,
        "industry",
        "Intel",
        None,
    ),
    case(
        "speech-claims-no-that",
        "Xinhua claims the foreign chips carry hidden tracking functions.",
        0,
        "china-media",
        "Xinhua",
        None,
    ),
    case(
        "passive-confirmed-by-to",
        "The waiver was confirmed by a Commerce Department official to the Wall Street Journal.",
        0,
        "us-gov",
        "a Commerce Department official",
        None,
    ),
    case(
        "passive-as-reported-by",
        "Orders for the chips have doubled since June, as reported by Bloomberg.",
        0,
        "press",
        "Bloomberg",
        None,
    ),
    case(
        "passive-described-by-as",
        "The memory sale was described by Senator Tom Cotton as a gift to the Chinese military.",
        0,
        "us-gov",
        "Senator Tom Cotton",
        None,
    ),
    case(
        "denial-denies",
        "Tencent denies that it bought restricted accelerators through resellers in Singapore.",
        0,
        "industry",
        "Tencent",
        None,
    ),
    case(
        "denial-rejected",
        "The Chinese embassy in Washington rejected the accusations as groundless.",
        0,
        "china-gov",
        "The Chinese embassy in Washington",
        None,
    ),
    case("denial-dismissed", "Lenovo dismissed the report as speculation.", 0, "industry", "Lenovo", None),
    case(
        "denial-refuted",
        "Huawei refuted claims that its base stations send data to Beijing.",
        0,
        "industry",
        "Huawei",
        None,
    ),
    case(
        "denial-ruled-out",
        "Commerce Secretary Howard Lutnick ruled out any further easing of the chip controls.",
        0,
        "us-gov",
        "Commerce Secretary Howard Lutnick",
        None,
    ),
    case(
        "quote-open-closes-later",
        "Xiaomi's chief executive spoke at length. “We are building our own chips. The supply chain will be ours. "
        "Nobody can switch us off,” said Lei Jun.",
        2,
        "industry",
        "",
        None,
    ),
    case(
        "quote-open-closes-later-middle",
        "“We will never put a kill switch in our products. Our customers trust us. That trust is everything,” Nvidia "
        "said in a statement.",
        1,
        "nvidia",
        "",
        None,
    ),
    case(
        "quote-open-first-sentence-attributed",
        "Huang told reporters in Taipei: “The market is huge. We want to serve it. But we follow the law.” Shares "
        "rose 2 percent.",
        1,
        "nvidia",
        "",
        None,
    ),
    case(
        "statement-block",
        "Nvidia said in a statement: We do not have backdoors. We never will. Our chips are not a tool for "
        "surveillance.",
        2,
        "nvidia",
        "",
        None,
    ),
    case(
        "party-president",
        "President Donald Trump said the chip deal was good for American workers.",
        0,
        "us-gov",
        "President Donald Trump",
        None,
    ),
    case(
        "party-white-house-adviser",
        "White House AI adviser David Sacks said China would build its own chips anyway.",
        0,
        "us-gov",
        "White House AI adviser David Sacks",
        None,
    ),
    case(
        "party-fcc-chair",
        "FCC Chairman Brendan Carr said the agency would review every Chinese-made router.",
        0,
        "us-gov",
        "FCC Chairman Brendan Carr",
        None,
    ),
    case(
        "party-fcc-initials",
        "The FCC said the ban would cover new models of Chinese drones.",
        0,
        "us-gov",
        "The FCC",
        None,
    ),
    case(
        "party-cac-initials",
        "The CAC said foreign chipmakers must explain any tracking functions in their products.",
        0,
        "china-gov",
        "The CAC",
        None,
    ),
    case(
        "party-xinhua",
        "Xinhua said the summons showed China's resolve to protect its users.",
        0,
        "china-media",
        "Xinhua",
        None,
    ),
    case(
        "party-former-official",
        "A former Commerce Department official said the new licences would be hard to enforce.",
        0,
        "analyst",
        "A former Commerce Department official",
        None,
    ),
    case(
        "party-officer-title",
        "Nvidia reported record data-centre revenue on Wednesday. The chief financial officer said China sales were "
        "excluded from the forecast.",
        1,
        "nvidia",
        "The chief financial officer",
        None,
    ),
    case(
        "party-japan-ministry",
        "Japan's trade ministry said it would add eight chip tools to its export list.",
        0,
        "other-gov",
        "Japan's trade ministry",
        None,
    ),
    case(
        "party-dutch-minister",
        "The Dutch trade minister said the government would not renew ASML's licences.",
        0,
        "other-gov",
        "The Dutch trade minister",
        None,
    ),
    case(
        "party-european-commission",
        "The European Commission said it was studying the effects of the Chinese gallium curbs.",
        0,
        "other-gov",
        "The European Commission",
        None,
    ),
    case(
        "party-ministry-not-company",
        "Alibaba said it would keep buying local chips. China's commerce ministry announced new export checks on "
        "gallium. The ministry said the checks would start in May.",
        2,
        "china-gov",
        "The ministry",
        None,
    ),
    case(
        "party-surname-after-full",
        "Commerce Secretary Howard Lutnick spoke in a television interview on Tuesday. Lutnick said Chinese buyers "
        "were not getting the best chips.",
        1,
        "us-gov",
        "Lutnick",
        "Howard Lutnick",
    ),
    case(
        "outlet-told-cnn",
        "An AMD spokesperson told CNN the company would comply with the new rule.",
        0,
        "industry",
        "An AMD spokesperson",
        None,
    ),
    case(
        "outlet-recipient-official-to-ft",
        "A person familiar with the matter told the Financial Times that the licences had been approved.",
        0,
        "sources",
        "A person familiar with the matter",
        None,
    ),
    case(
        "outlet-report-added",
        "The Wall Street Journal reported that Chinese regulators had questioned the chipmaker. The report added "
        "that officials wanted documents on tracking.",
        1,
        "press",
        "The report",
        None,
    ),
    case("headline-colon-report", "China Tells Tech Firms to Avoid Nvidia Chips: Report", 0, "press", "Report", None),
    case(
        "headline-information-says",
        "Nvidia Pauses Work on China Chip, Information Says",
        0,
        "press",
        "Information",
        None,
    ),
    case(
        "headline-elided-subject-calls",
        "Nvidia rejects kill switches — calls them 'an open door for hackers'",
        0,
        "nvidia",
        "Nvidia",
        None,
    ),
    case(
        "canonical-he",
        "Nvidia CEO Jensen Huang spoke in Beijing on Wednesday. He said the company would keep serving Chinese "
        "customers.",
        1,
        "nvidia",
        "He",
        "Jensen Huang",
    ),
    case(
        "canonical-surname",
        "Nvidia CEO Jensen Huang spoke in Beijing on Wednesday. Huang said the chips had no backdoors.",
        1,
        "nvidia",
        "Huang",
        "Jensen Huang",
    ),
    case(
        "canonical-title",
        "Jensen Huang met officials in Beijing. The Nvidia CEO said the company would keep serving Chinese customers.",
        1,
        "nvidia",
        "The Nvidia CEO",
        "Jensen Huang",
    ),
    case(
        "canonical-regulator",
        "The Cyberspace Administration of China summoned Nvidia on Thursday. The regulator said it had found "
        "tracking risks.",
        1,
        "china-gov",
        "The regulator",
        "Cyberspace Administration of China",
    ),
    case(
        "quote-opened-after-attributed-sentence",
        "Xinhua said in a commentary on Sunday that foreign chips were a risk. “No country can hand its networks to "
        "a supplier it cannot trust. Security must come first.",
        2,
        "china-media",
        "",
        "Xinhua",
    ),
    case(
        "quote-closed-by-named-statement",
        "State Attorney General Dana Whitlock sued the app maker on Tuesday. “The app collects far more than it "
        "needs. It sends that data abroad,” Whitlock's statement continued.",
        1,
        "us-gov",
        "",
        None,
    ),
    case(
        "party-lowercase-word-is-no-outlet-name",
        "South Korea's information ministry said it would review Chinese-made cameras.",
        0,
        "other-gov",
        "South Korea's information ministry",
        None,
    ),
    case(
        "time-between-subject-and-verb",
        "Japan on Friday rejected the claims about its export rules.",
        0,
        "other-gov",
        "Japan",
        None,
    ),
    case(
        "time-between-ministry-and-verb",
        "China's commerce ministry last week said the cameras posed no risk.",
        0,
        "china-gov",
        "China's commerce ministry",
        None,
    ),
    case(
        "passive-with-adverb-is-no-speaker",
        "The modules were also found in batteries and chargers.",
        0,
        "author",
        "",
        None,
    ),
    case(
        "adverb-set-off-by-commas",
        "Singapore has, additionally, asked Malaysia to share information.",
        0,
        "other-gov",
        "Singapore",
        None,
    ),
    case(
        "headline-tag-lower-case-report",
        "Nvidia faces new probe in China: report",
        0,
        "press",
        "report",
        None,
    ),
    case(
        "headline-tag-in-brackets",
        "US agency launched cyberattack on a Chinese university (report)",
        0,
        "press",
        "report",
        None,
    ),
    case(
        "outsiders-are-analysts",
        "Outsiders expect that the ban will be lifted within months.",
        0,
        "analyst",
        "Outsiders",
        None,
    ),
    pytest.param(
        "The People's Daily ran a commentary on the chipmaker on Monday. The full text of the commentary follows: "
        "We have asked for proof. Our users deserve safe products.",
        2,
        "china-media",
        "",
        None,
        id="reproduced-full-text-follows",
        marks=pytest.mark.xfail(
            strict=True,
            reason="'the full text ... follows:' has no reporting verb, so no block starts; the colon line's "
            "'We have asked' is taken as a pronoun speaker with no referent",
        ),
    ),
]


@pytest.mark.parametrize(("text", "index", "party", "name", "canonical"), NEWS_CASES)
def test_news_failure_categories(tagger, text, index, party, name, canonical):
    check(tagger.tag(text), index, party, name, canonical)


# --- issue 17c: more failure categories seen on real news, in sentences written for this file ------------

ISSUE_17C_CASES = [
    # a time phrase between the subject and its verb is not part of the speaker
    case(
        "time-phrase-before-verb",
        "China on Sunday accused the United States of hacking its time service.",
        0,
        "china-gov",
        "China",
    ),
    case(
        "time-phrase-last-week",
        "A Verizon spokesperson last week told reporters that no customer data was taken.",
        0,
        "industry",
        "A Verizon spokesperson",
    ),
    # a directive act with a view ("required X to")
    case(
        "directive-required",
        "To approve the merger, SAMR required Nvidia to keep supplying Chinese customers.",
        0,
        "china-gov",
        "SAMR",
    ),
    # a non-speech verb makes no speaker, with an adverb between "are" and the participle too
    case("passive-found-in", "Inverters are also found in heat pumps and car chargers.", 0, AUTHOR),
    case("passive-found-pronoun", "Modems sit in some inverters. They are also found in home batteries.", 1, AUTHOR),
    # a legal document speaks for the government that filed it, and so does "it" after it
    case(
        "lawsuit-takes-filer",
        "Texas Attorney General Ken Paxton said the app harvests data. "
        "The lawsuit accuses the company of hiding how it tracks users.",
        1,
        "us-gov",
        "The lawsuit",
    ),
    case(
        "lawsuit-pronoun",
        "Texas Attorney General Ken Paxton said the app harvests data. "
        "The lawsuit accuses the company of hiding how it tracks users. It claims that the app is spyware.",
        2,
        "us-gov",
        "It",
    ),
    # "it" in the main clause after an opening subordinate clause names that clause's subject
    case(
        "pronoun-after-while-clause",
        "The Commerce Department was briefed in May. The startup denied it. "
        "While the U.S. Department of Energy has not commented publicly, it confirmed to Reuters that it is "
        "reviewing the devices.",
        2,
        "us-gov",
        "it",
    ),
    # a headline's credit glued to a dash, in lower-case words of a party
    case(
        "headline-credit-glued-dash",
        "Seized routers may have held hidden modems—Dutch authorities",
        0,
        "other-gov",
        "Dutch authorities",
    ),
    # former officials and outsiders comment as experts
    case(
        "former-director-is-analyst",
        "“Beijing wants leverage over our grid,” John Smith, a former director of the "
        "U.S. National Security Agency, said.",
        0,
        "analyst",
        "John Smith",
    ),
    case(
        "outsiders-expect",
        "Outsiders expect that the export ban will be lifted within weeks.",
        0,
        "analyst",
        "Outsiders",
    ),
    case(
        "experts-interpreted",
        "The ban was framed as a safety step, but experts have interpreted it as retaliation for the chip curbs.",
        0,
        "analyst",
        "experts",
    ),
]


@pytest.mark.parametrize(("text", "index", "party", "name", "canonical"), ISSUE_17C_CASES)
def test_news_failure_categories_17c(tagger, text, index, party, name, canonical):
    check(tagger.tag(text), index, party, name, canonical)


# --- a user's own aliases file -------------------------------------------------------------------


@pytest.fixture
def zorblax_tagger(tmp_path) -> stance.Tagger:
    path = tmp_path / "my_aliases.csv"
    path.write_text(
        "alias,canonical,party\nZorblax Institute,Zorblax Institute,analyst\nQuillmark,Quillmark,press\n",
        encoding="utf-8",
    )
    return stance.load(aliases=[path])


@pytest.mark.parametrize(
    ("text", "index", "party", "name"),
    [
        pytest.param(
            "Zorblax Institute said the rules would slow Chinese AI labs by two years.",
            0,
            "analyst",
            "Zorblax Institute",
            id="alias-file-exact",
        ),
        pytest.param(
            "Huawei's new cluster rivals the best American systems, the Zorblax Institute warned.",
            0,
            "analyst",
            "the Zorblax Institute",
            id="alias-file-with-the-trailing",
        ),
        pytest.param(
            "Quillmark reported that Beijing had told state banks to stop financing foreign chip purchases.",
            0,
            "press",
            "Quillmark",
            id="alias-file-outermost-source",
        ),
    ],
)
def test_user_aliases_file_sets_the_party(zorblax_tagger, text, index, party, name):
    check(zorblax_tagger.tag(text), index, party, name)


# --- garbage never crashes it --------------------------------------------------------------------

GARBAGE = [
    "“",
    '"',
    "”",
    "‘",
    "“ ” “",
    '" " "',
    "“Beijing said",
    "said “",
    'he added." "the statement said',
    "“Outer ‘inner “deeper ’ still open.",
    "‘Nested “quotes‘ never ’close",
    "The ministry said: “",
    "“…,” said.",
    ", the report said.",
    "according to",
    ": “”",
    "- Reuters",
    "\u201c\u201c\u201c\u201d\u201d",
    "\x00\x01 said \x1f",
    "🙂 “said” 🙂",
    "",
    "   \n\t ",
    "said " * 200,
    "“" + "The chips are safe. " * 50,
]


@pytest.mark.parametrize("text", GARBAGE, ids=[f"garbage-{i}" for i in range(len(GARBAGE))])
def test_garbage_and_unbalanced_quotes_never_crash(tagger, text):
    tags = tagger.tag(text)
    assert isinstance(tags, list)
    for tag in tags:
        assert text[tag.start : tag.end] == tag.text
        assert tag.speaker in stance.PARTIES
        assert isinstance(tag.name, str)
        assert (tag.name == "") == (tag.speaker == AUTHOR), f"{tag.text!r}: {tag.speaker} ({tag.name!r})"


# The rules compile word lists into trie patterns for speed (stance.speakers.words_pattern); they must
# find exactly what the plain longest-first alternation finds. Internal, but nothing public reaches it.
_LETTERS = st.text(alphabet="abs -", min_size=1, max_size=6).map(str.strip).filter(bool)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_LETTERS, min_size=1, max_size=8), text=st.text(alphabet="abs -,.", max_size=40))
def test_word_patterns_find_what_longest_first_alternations_find(words, text):
    from stance.lexicon import words_pattern

    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    for ending in (r"\b", r"(?![\w]|-b)", ""):
        plain = re.compile(rf"(?<![\w-])(?:{alternation}){ending}")
        trie = re.compile(rf"(?<![\w-])(?:{words_pattern(words, any_space=False)}){ending}")
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


# Faster formulations of the rules' searches (internal, like words_pattern above) must find exactly
# what the plain searches they replace find, on text made of the pieces that matter to each.
def _pieces(pieces: str, max_size: int = 14, joiner: str = ""):
    """Texts of up to ``max_size`` of the ``|``-separated ``pieces``, joined by ``joiner``."""
    return st.lists(st.sampled_from(pieces.split("|")), max_size=max_size).map(joiner.join)


_BREAK_TEXT = _pieces("a|x|Nvidia| |  |\n|-| - |,|’|‘|“|:|(|that|What|but|as|HOW|if|whether|when|consider|_|é|ſ")


@settings(max_examples=500, deadline=None)
@given(text=_BREAK_TEXT)
def test_last_break_is_the_last_clause_break_scanning_from_the_start(text):
    from stance.speakers.candidates import _last_break

    breaks = list(RULES.clause_break.finditer(text))
    assert _last_break(text, RULES) == (breaks[-1].span() if breaks else None)


@settings(max_examples=500, deadline=None)
@given(text=_pieces("a|Nikkei| Asia| |\n|-|–|—| --|–-|.|”|)|&|’s|x"))
def test_credit_is_the_credit_pattern_searched_over_the_whole_sentence(text):
    from stance.speakers.candidates import _credit

    credit, expected = _credit(text, RULES), RULES.credit.search(text)
    assert (credit and (credit.span(), credit.group(1))) == (expected and (expected.span(), expected.group(1)))


@settings(max_examples=500, deadline=None)
@given(text=_pieces('said|says|continued| |  |, |,|”|’ |"|Reuters| X|.| about|\n', max_size=8))
def test_inversion_gate_passes_every_sentence_with_an_inversion(text):
    gate = text.startswith(RULES.inverting_tuple) or RULES.inversion_gate.search(text) is not None
    assert gate or RULES.inverted.search(text) is None


_MARKED_TEXT = _pieces(
    'said|Said|SAID|unsaid|essays|saying|is saying|according to|baſed on|claims by|Reuters|,|:|“|”|"|'
    "-|—|–|Nvidia|the ministry|he|that|x|İ|K|_|\x1f|pointed out|calls on|told|The report",
    max_size=10,
    joiner=" ",
)


@settings(max_examples=1000, deadline=None)
@given(text=_MARKED_TEXT)
def test_a_sentence_without_reporting_words_has_only_credit_or_colon_candidates(tagger, text):
    """Without any ``attribution`` cue word (reporting verbs, "according", "claims by") the rules look
    only for a credit line or a colon introduction; the full search must find nothing more there."""
    from stance.model import analyse, triggered
    from stance.speakers import attributor
    from stance.speakers.candidates import find_candidates

    searched, marks_only = (bool(flags[0]) for flags in triggered(analyse(tagger.vocabulary_, [text])))
    names = attributor().names
    if not searched:
        assert find_candidates(text, names) == []
    elif marks_only:
        assert find_candidates(text, names) == find_candidates(text, names, reporting_words=False)


_PHRASE = _pieces(
    "the|ministry|MINISTRY|Ministries|analysts|state-run|state media|people familiar|Xinhua|firm|think tank|"
    "former U.S. officials|Rep.|Representative|Beijing|Beijing-based|Washington|chief operating officer|ſource|"
    "K|spokesman|news|x|_|-|,|Orion|Labs|with|of|in",
    max_size=8,
    joiner=" ",
)


@settings(max_examples=1000, deadline=None)
@given(phrase=_PHRASE)
def test_one_search_for_any_party_keyword_finds_what_the_per_party_searches_find(phrase):
    """keyword_party returns at once when any_party_word finds nothing; no party's pattern may find anything then."""
    found = RULES.any_party_word.search(phrase) is not None
    assert found == any(p.search(phrase) for _, p in RULES.party_words)
