STRINGS = {
    "home.title": {"en": "MNIST Studio", "ko": "MNIST 스튜디오"},
    "home.tagline": {
        "en": "Learn how a computer reads handwritten digits: look at the data, train real networks, compare runs and draw your own digits.",
        "ko": "컴퓨터가 손글씨 숫자를 읽는 방법을 배워 봅시다. 데이터를 살펴보고, 실제 신경망을 학습시키고, 결과를 비교하고, 직접 숫자를 그려 보세요.",
    },
    "home.systems": {"en": "The five systems of the course", "ko": "강의에서 다루는 다섯 가지 시스템"},
    "home.go": {"en": "Open", "ko": "열기"},
    "home.s1": {
        "en": "**S1 · Dense 512** — one hidden layer of 512 ReLU units, softmax output, RMSprop.",
        "ko": "**S1 · Dense 512** — ReLU 뉴런 512개의 은닉층 하나와 소프트맥스 출력, RMSprop.",
    },
    "home.s2": {
        "en": "**S2 · MLP 784-512-256-10** — Adam, batch 128; 10 epochs against 50 epochs and overfitting.",
        "ko": "**S2 · MLP 784-512-256-10** — Adam, 배치 128. 10 에포크와 50 에포크 비교, 과적합.",
    },
    "home.s3": {
        "en": "**S3 · Two-layer net from scratch in NumPy** — backpropagation, learning rates 0.5 / 1.2 / 1.5.",
        "ko": "**S3 · NumPy로 직접 만든 2층 신경망** — 오차역전파, 학습률 0.5 / 1.2 / 1.5 비교.",
    },
    "home.s4": {
        "en": "**S4 · CNN with augmentation** — Conv + BatchNorm + Dropout, and an ensemble of 7 reaching 99.72 %.",
        "ko": "**S4 · 데이터 증강을 쓰는 CNN** — Conv + BatchNorm + Dropout, 7개 앙상블로 99.72 % 달성.",
    },
    "home.s5": {
        "en": "**S5 · Concepts** — Flatten, Dense, batch, epoch, early stopping, the sigmoid and other activation functions.",
        "ko": "**S5 · 기본 개념** — Flatten, Dense, 배치, 에포크, 조기 종료, 시그모이드와 여러 활성화 함수.",
    },
    "home.status": {"en": "Ready for class?", "ko": "수업 준비 상태"},
    "home.data_ready": {
        "en": "MNIST data is ready ({source}).",
        "ko": "MNIST 데이터가 준비되었습니다 ({source}).",
    },
    "home.runs_ready": {"en": "{n} trained runs are stored.", "ko": "학습된 기록이 {n}개 저장되어 있습니다."},
    "home.no_runs": {
        "en": "No trained runs yet. Train one on the Train page, or before class run `python -m core.train --demo`.",
        "ko": "아직 학습된 기록이 없습니다. 학습 페이지에서 학습하거나, 수업 전에 `python -m core.train --demo`를 실행하세요.",
    },
    "home.runs_problem": {
        "en": "The run store could not be read: {error}",
        "ko": "학습 기록 저장소를 읽지 못했습니다: {error}",
    },
}
