"""The words the class reads: one English and one Korean term per concept of the course.

Every string in ui/locales uses these terms; tests/test_terms.py checks the whole catalogue
against this list. Each concept gives
    en        the English term
    ko        the Korean term
    ko_avoid  Korean variants that must not appear anywhere (plain substrings)
    note      why, where the choice is not obvious
A concept may add `ko_short`, a shorter form allowed only in table headers (keys with
"col_": runs.col_run, home.demo_col_run), and `ko_avoid_re`, variants that only a regular expression can tell apart
(each with the reason).

This module holds no STRINGS: ui.i18n.catalogue() skips it.
"""

TERMS = {
    "run": {
        "en": "run", "ko": "학습 기록", "ko_short": "기록",
        "ko_avoid": ["학습된 모델", "학습된 기록", "학습시킨 기록", "실행 {", "실행의", "실행입니다", "저장된 실행",
                     "저장된 학습이", "저장된 학습을", "저장된 학습(", "새 학습 {", "데모 학습 {"],
        "ko_avoid_re": {
            r"(?<!학습 )기록": "a run is 학습 기록; 기록 alone only in table headers",
            r"학습 \{(run|run_id|id)\}": "a run id follows 학습 기록, not 학습",
            r"학습 \{\w+\}개": "runs are counted as 학습 기록 N개",
        },
        "note": "One stored training: its settings, history, weights and snapshots. 학습 alone is the "
                "activity (training), 실행 is running a command.",
    },
    "snapshot": {"en": "snapshot", "ko": "스냅숏", "ko_avoid": ["스냅샷"],
                 "note": "스냅숏 is the standard spelling (표준국어대사전)."},
    "epoch": {
        "en": "epoch", "ko": "에포크", "ko_avoid": ["에폭", "에포치"],
        "ko_avoid_re": {r"(\d|\})에포크": "a number and 에포크 are written apart: 10 에포크"},
    },
    "training": {"en": "training, to train", "ko": "학습, 학습하다",
                 "ko_avoid": ["훈련하", "훈련 중", "훈련 시간", "학습시키", "학습시킨"],
                 "note": "The activity: 신경망을 학습하다. 훈련 is kept for the training set and its accuracy."},
    "training set": {"en": "training set, training digits", "ko": "훈련 데이터, 훈련 이미지",
                     "ko_avoid": ["학습 데이터", "학습 이미지", "학습 숫자", "학습용", "학습 세트", "훈련 세트",
                                  "훈련 집합"],
                     "note": "Pairs with 검증 데이터 and 테스트 데이터, as in the notes (S2: 훈련 데이터)."},
    "training accuracy": {"en": "training accuracy", "ko": "훈련 정확도", "ko_avoid": ["학습 정확도"],
                          "note": "Accuracy on the training set, next to 검증 정확도 and 테스트 정확도."},
    "validation set": {"en": "validation set", "ko": "검증 데이터", "ko_avoid": ["검증 세트", "검증 집합", "검증 분할이"]},
    "test set": {"en": "test set", "ko": "테스트 데이터", "ko_avoid": ["테스트 세트", "테스트 집합", "평가 데이터"]},
    "parameter": {"en": "parameter", "ko": "매개변수", "ko_avoid": ["파라미터"]},
    "neuron": {"en": "neuron, unit", "ko": "뉴런", "ko_avoid": ["유닛", "노드"],
               "note": "English says unit or neuron; Korean says 뉴런, as the notes do (S5, S2)."},
    "gradient": {"en": "gradient", "ko": "기울기", "ko_avoid": ["그래디언트", "그라디언트", "경사도"],
                 "note": "Gradient descent stays 경사 하강법, its standard name."},
    "vanishing gradient": {"en": "vanishing gradient", "ko": "기울기 소실", "ko_avoid": ["경사 소실", "그래디언트 소실"]},
    "maximum": {"en": "maximum", "ko": "최댓값", "ko_avoid": ["최대값", "최소값", "절대값"],
                "note": "Standard spelling with 사이시옷: 최댓값, 최솟값, 절댓값."},
    "label": {"en": "label", "ko": "레이블", "ko_avoid": ["라벨"]},
    "confidence": {"en": "confidence, sure", "ko": "확신도", "ko_avoid": ["신뢰도", "확신 {"]},
    "convolution layer": {"en": "convolution layer", "ko": "합성곱 층", "ko_avoid": ["합성곱층", "컨볼루션", "콘볼루션"]},
    "dense layer": {"en": "dense layer", "ko": "완전연결층", "ko_avoid": ["전결합층", "밀집층", "완전 연결층"]},
    "max pooling": {"en": "max pooling", "ko": "최대 풀링", "ko_avoid": ["맥스 풀링", "맥스풀링"]},
    "feature map": {"en": "feature map", "ko": "특성 맵", "ko_avoid": ["특징 맵", "피처 맵", "피쳐 맵"]},
    "early stopping": {"en": "early stopping", "ko": "조기 종료", "ko_avoid": ["조기 중단", "얼리 스토핑"]},
    "overfitting": {"en": "overfitting", "ko": "과적합", "ko_avoid": ["과대적합", "오버피팅"]},
    "augmentation": {"en": "augmentation", "ko": "데이터 증강", "ko_avoid": ["데이터 확장", "어그멘테이션"]},
    "learning rate": {"en": "learning rate", "ko": "학습률", "ko_avoid": ["러닝 레이트", "학습 속도"]},
    "the notes": {
        "en": "the notes", "ko": "강의 노트",
        "ko_avoid_re": {r"(?<!강의 )노트(?!북)": "the course's notes are 강의 노트; 노트 alone reads like 노트북"},
    },
}

# Written one way in every language. Format specs such as {accuracy:.2%} print no space either.
PERCENT_WITH_SPACE = r"(\d|\})\s%"

# Korean button labels are noun phrases ("학습 시작", "삭제", "이름표 저장", "새 샘플"): no -기 form,
# no sentence ending. Checked for every label a page puts on a button or a page link.
BUTTON_ENDINGS_TO_AVOID = ("기", "다", "요", "까")
