STRINGS = {
    "home.title": {"en": "MNIST Studio", "ko": "MNIST 스튜디오"},
    "home.tagline": {
        "en": "Learn how a computer reads handwritten digits: look at the data, train real networks, compare runs and draw your own digits.",
        "ko": "컴퓨터가 손글씨 숫자를 읽는 방법을 배워 봅시다. 데이터를 살펴보고, 실제 신경망을 학습하고, 결과를 비교하고, 직접 숫자를 그려 보세요.",
    },
    "home.systems": {"en": "The five systems of the course", "ko": "강의에서 다루는 다섯 가지 시스템"},
    "home.go": {"en": "Open", "ko": "페이지 이동"},
    "home.s1": {
        "en": "**S1 · Dense 512** — one hidden layer of 512 ReLU units, softmax output, RMSprop.",
        "ko": "**S1 · Dense 512** — ReLU 뉴런 512개의 은닉층 하나, 소프트맥스 출력, RMSprop.",
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
        "en": "**S4 · CNN with augmentation** — Conv + BatchNorm + Dropout, and an ensemble of 7 reaching 99.72%.",
        "ko": "**S4 · 데이터 증강을 쓰는 CNN** — Conv + BatchNorm + Dropout, 7개 앙상블로 99.72% 달성.",
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
    "home.runs_ready": {"en": "{n} trained runs are stored.", "ko": "학습 기록 {n}개가 저장되어 있습니다."},
    "home.runs_ready.one": {"en": "1 trained run is stored.", "ko": "학습 기록 1개가 저장되어 있습니다."},
    "home.no_runs": {
        "en": "No trained runs yet. Train one on the Train page, or before class run `python -m core.train --demo`.",
        "ko": "아직 학습 기록이 없습니다. 학습 페이지에서 학습하거나, 수업 전에 `python -m core.train --demo`를 실행하세요.",
    },
    "home.runs_problem": {
        "en": "The run store could not be read: {error}",
        "ko": "학습 기록 저장소를 읽지 못했습니다: {error}",
    },
    "home.demo": {"en": "Class demo pack", "ko": "수업용 데모 묶음"},
    "home.demo_intro": {
        "en": "The runs the pages open by default. Train them before class (here, or with "
              "`python -m core.train --demo`) and every page shows results at once, even offline.",
        "ko": "각 페이지가 기본으로 여는 학습 기록입니다. 수업 전에 여기서 (또는 `python -m core.train --demo`로) "
              "학습해 두면 인터넷이 없어도 모든 페이지가 바로 결과를 보여 줍니다.",
    },
    # a size-limited demo (MNIST_STUDIO_DEMO_LIMIT) trains 1 epoch: "epochs: 1", never "1 epochs"
    "home.demo_mlp512x256": {
        "en": "S2 · MLP 784-512-256-10, epochs: {epochs} (keeps epoch {snapshot} and a few earlier ones)",
        "ko": "S2 · MLP 784-512-256-10, {epochs} 에포크 ({snapshot} 에포크와 그 이전 몇 시점도 저장)",
    },
    "home.demo_dense512": {"en": "S1 · Dense 512, epochs: {epochs}", "ko": "S1 · Dense 512, {epochs} 에포크"},
    "home.demo_numpy2layer": {
        "en": "S3 · NumPy two-layer net, learning rate {lr}",
        "ko": "S3 · NumPy 2층 신경망, 학습률 {lr}",
    },
    "home.demo_cnn": {"en": "S4 · CNN, epochs: {epochs}", "ko": "S4 · CNN, {epochs} 에포크"},
    "home.demo_col_run": {"en": "Run", "ko": "기록"},
    "home.demo_col_state": {"en": "State", "ko": "상태"},
    "home.demo_col_accuracy": {"en": "Test accuracy", "ko": "테스트 정확도"},
    "home.demo_col_time": {"en": "Training time on this machine", "ko": "이 컴퓨터의 학습 시간"},
    "home.demo_ready": {"en": "ready", "ko": "준비됨"},
    "home.demo_missing": {"en": "missing", "ko": "없음"},
    "home.demo_about": {"en": "about {time}", "ko": "약 {time}"},
    "home.demo_all_ready": {
        "en": "All {n} demo runs are ready.",
        "ko": "데모 학습 기록 {n}개가 모두 준비되었습니다.",
    },
    "home.demo_all_ready.one": {
        "en": "The demo run is ready.",
        "ko": "데모 학습 기록 1개가 준비되었습니다.",
    },
    "home.demo_some_missing": {
        "en": "{ready} of {n} demo runs are ready.",
        "ko": "데모 학습 기록 {n}개 중 {ready}개가 준비되었습니다.",
    },
    "home.demo_some_missing.one": {  # one demo run, and it is not ready (else home.demo_all_ready)
        "en": "The demo run is not ready yet.",
        "ko": "데모 학습 기록이 아직 준비되지 않았습니다.",
    },
    "home.demo_prepare": {
        "en": "Prepare the class demo ({n} runs, about {time})",
        "ko": "수업 데모 준비 (학습 기록 {n}개, 약 {time})",
    },
    "home.demo_prepare.one": {
        "en": "Prepare the class demo (1 run, about {time})",
        "ko": "수업 데모 준비 (학습 기록 1개, 약 {time})",
    },
    "home.demo_prepare_help": {
        "en": "Trains the missing runs in the background; you can keep using the app meanwhile.",
        "ko": "없는 학습 기록을 백그라운드에서 학습합니다. 그동안 앱을 계속 쓸 수 있습니다.",
    },
    "home.demo_done": {"en": "The class demo is ready.", "ko": "수업 데모가 준비되었습니다."},
    "home.seconds": {"en": "{n} s", "ko": "{n}초"},
    "home.minutes": {"en": "{n} min", "ko": "{n}분"},
}
