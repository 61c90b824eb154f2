STRINGS = {
    "cnn.title": {"en": "A CNN with augmentation (S4)", "ko": "데이터 증강과 CNN (S4)"},
    "cnn.intro": {
        "en": "The last note's network looks at small patches of the image instead of all 784 pixels at once. "
              "It trains on digits that are randomly turned, zoomed and moved, with a learning rate that shrinks "
              "every epoch, and seven such networks together reach 99.72% on the test set.",
        "ko": "마지막 강의 노트의 신경망은 784개 픽셀을 한꺼번에 보지 않고 이미지의 작은 조각을 훑어봅니다. "
              "숫자를 무작위로 회전·확대·이동한 이미지로 학습하고, 학습률은 에포크마다 조금씩 줄어듭니다. "
              "이런 신경망 7개를 합치면 테스트 정확도가 99.72%에 이릅니다.",
    },
    # augmentation
    "cnn.aug_header": {"en": "1. Data augmentation", "ko": "1. 데이터 증강"},
    "cnn.aug_help": {
        "en": "Each training image is transformed at random every time it is used, so the network never sees "
              "exactly the same digit twice. The notes' settings: rotate up to ±15°, zoom by up to 15%, and "
              "shift up to 10% of the width and of the height. The labels stay the same: a slightly turned 7 "
              "is still a 7. This preview calls the very function the `cnn` preset trains with.",
        "ko": "훈련 이미지는 쓰일 때마다 무작위로 변형되므로 신경망은 똑같은 숫자를 두 번 보지 않습니다. "
              "강의 노트의 설정은 최대 ±15° 회전, 최대 15% 확대·축소, 가로와 세로로 각각 최대 10% 이동입니다. "
              "레이블은 그대로입니다. 살짝 기울어진 7도 여전히 7이기 때문입니다. "
              "이 미리보기는 `cnn` 프리셋이 학습할 때 쓰는 바로 그 함수를 호출합니다.",
    },
    "cnn.rotation": {"en": "Rotation (± degrees)", "ko": "회전 (± 도)"},
    "cnn.zoom": {"en": "Zoom (± fraction)", "ko": "확대·축소 (± 비율)"},
    "cnn.width_shift": {"en": "Horizontal shift (± fraction of the width)", "ko": "가로 이동 (± 너비 비율)"},
    "cnn.height_shift": {"en": "Vertical shift (± fraction of the height)", "ko": "세로 이동 (± 높이 비율)"},
    "cnn.aug_reset": {"en": "Notes' settings", "ko": "강의 노트 설정 복원"},
    "cnn.aug_resample": {"en": "New samples", "ko": "새 샘플"},
    "cnn.aug_caption_original": {"en": "{label} original", "ko": "{label} 원본"},
    "cnn.aug_caption_variant": {"en": "variant {n}", "ko": "변형 {n}"},
    "cnn.aug_rows": {
        "en": "Each row: one training digit (left) and {n} random variants of it.",
        "ko": "한 줄에 훈련 이미지 하나(왼쪽)와 그 무작위 변형 {n}개가 있습니다.",
    },
    "cnn.aug_rows.one": {
        "en": "Each row: one training digit (left) and a random variant of it.",
        "ko": "한 줄에 훈련 이미지 하나(왼쪽)와 그 무작위 변형 1개가 있습니다.",
    },
    "cnn.aug_code": {"en": "The notes' Keras call it reproduces", "ko": "이 함수가 재현하는 강의 노트의 Keras 코드"},
    # learning rate
    "cnn.lr_header": {"en": "2. A learning rate that decays", "ko": "2. 점점 줄어드는 학습률"},
    "cnn.lr_help": {
        "en": "Big steps early, small steps late: the rate starts at 0.001 and is multiplied by 0.95 every epoch "
              "(1e-3 × 0.95^epoch, with the first epoch counted as 0). After 40 epochs it is {last:.2e}, "
              "about {ratio:.0%} of where it started.",
        "ko": "처음에는 크게, 나중에는 작게 움직입니다. 학습률은 0.001에서 시작해 에포크마다 0.95배가 됩니다 "
              "(1e-3 × 0.95^epoch, 첫 에포크가 0). 40 에포크 뒤의 학습률은 {last:.2e}, 처음의 약 {ratio:.0%}입니다.",
    },
    "cnn.lr_run": {"en": "Show the rates a stored run used", "ko": "저장된 학습 기록의 실제 학습률 보기"},
    "cnn.lr_no_run": {"en": "none (schedule only)", "ko": "없음 (스케줄만)"},
    "cnn.lr_epochs": {"en": "Epochs", "ko": "에포크"},
    "cnn.lr_scheduled": {"en": "schedule {initial:g} × {decay:g}^epoch", "ko": "스케줄 {initial:g} × {decay:g}^epoch"},
    "cnn.lr_actual": {"en": "rate the run used", "ko": "학습에 실제 쓰인 학습률"},
    "cnn.lr_axis": {"en": "Learning rate", "ko": "학습률"},
    "cnn.lr_epoch_axis": {"en": "Epoch", "ko": "에포크"},
    "cnn.lr_log": {"en": "Logarithmic scale", "ko": "로그 눈금"},
    "cnn.lr_missing": {
        "en": "This run's history has no learning_rate column, so only the schedule is drawn.",
        "ko": "이 학습 기록에는 learning_rate 열이 없어 스케줄만 그립니다.",
    },
    # the network
    "cnn.net_header": {"en": "3. The network, layer by layer", "ko": "3. 층별로 본 신경망"},
    "cnn.loading_tf": {"en": "Loading TensorFlow and the network…", "ko": "TensorFlow와 신경망을 불러오는 중…"},
    "cnn.model_source": {"en": "Weights from", "ko": "가중치 출처"},
    "cnn.untrained_option": {"en": "untrained network (random weights)", "ko": "학습 전 신경망 (무작위 가중치)"},
    "cnn.untrained_warning": {
        "en": "UNTRAINED network: its weights are random. Train a `cnn` run to see what a trained network "
              "has learned; the shapes and parameter counts are the same.",
        "ko": "학습하지 않은 신경망입니다. 가중치가 무작위입니다. 학습한 신경망이 무엇을 배웠는지 보려면 "
              "먼저 `cnn`을 학습하세요. 층의 모양과 매개변수 수는 같습니다.",
    },
    "cnn.trained_info": {
        "en": "Trained run {run_id}: test accuracy {accuracy:.2%} after epoch {epochs}.",
        "ko": "학습 기록 {run_id}: {epochs} 에포크 뒤 테스트 정확도 {accuracy:.2%}.",
    },
    "cnn.net_help": {
        "en": "Three blocks. Two 3×3 convolutions shrink the image by 2 pixels each, then a 5×5 convolution with "
              "stride 2 halves it (it replaces max-pooling with a layer that learns how to downsample). "
              "BatchNormalization after every convolution keeps the activations at a steady scale, and "
              "Dropout(0.4) switches off 40% of them at random during training. The last 4×4 convolution "
              "turns the 4×4×64 maps into 128 numbers, and a Dense softmax layer gives 10 probabilities.",
        "ko": "세 개의 블록으로 되어 있습니다. 3×3 합성곱 두 번이 이미지를 2픽셀씩 줄이고, stride 2인 5×5 합성곱이 "
              "크기를 절반으로 줄입니다(최대 풀링 대신 다운샘플링 방법까지 배우는 층입니다). "
              "합성곱마다 뒤따르는 BatchNormalization은 활성값의 크기를 안정적으로 유지하고, "
              "Dropout(0.4)은 학습 중에 40%를 무작위로 끕니다. 마지막 4×4 합성곱이 4×4×64 특성 맵을 숫자 128개로 바꾸고, "
              "Dense 소프트맥스 층이 10개의 확률을 냅니다.",
    },
    "cnn.col_layer": {"en": "Layer", "ko": "층"},
    "cnn.col_type": {"en": "Type", "ko": "종류"},
    "cnn.col_shape": {"en": "Output shape", "ko": "출력 모양"},
    "cnn.col_params": {"en": "Parameters", "ko": "매개변수"},
    "cnn.col_trainable": {"en": "Trainable", "ko": "학습 대상"},
    "cnn.total_params": {"en": "Parameters in total", "ko": "전체 매개변수"},
    "cnn.trainable_params": {"en": "Trainable", "ko": "학습되는 매개변수"},
    "cnn.frozen_params": {"en": "Not trainable (BatchNorm statistics)", "ko": "학습되지 않는 값 (BatchNorm 통계)"},
    "cnn.maps_header": {"en": "Feature maps: what the convolutions see", "ko": "특성 맵: 합성곱이 보는 것"},
    "cnn.maps_help": {
        "en": "Every filter of a convolution layer slides over the image and lights up where it finds its "
              "pattern (an edge, a stroke direction, a corner). Bright = strong response after ReLU.",
        "ko": "합성곱 층의 필터 하나하나가 이미지 위를 훑으며 자기 패턴(모서리, 획의 방향, 꺾인 곳)을 찾은 자리에서 "
              "밝아집니다. 밝을수록 ReLU 이후 반응이 큽니다.",
    },
    "cnn.maps_digit": {"en": "Test digit number", "ko": "테스트 숫자 번호"},
    "cnn.maps_layer": {"en": "Convolution layer", "ko": "합성곱 층"},
    "cnn.maps_input": {"en": "Input: label {label}", "ko": "입력: 레이블 {label}"},
    "cnn.maps_caption": {"en": "filter {n}", "ko": "필터 {n}"},
    "cnn.maps_shape": {
        "en": "{layer}: {channels} maps of {height}×{width}.",
        "ko": "{layer}: {height}×{width} 크기의 맵 {channels}개.",
    },
    "cnn.prediction": {
        "en": "The network's answer: {digit} ({confidence:.1%} sure).",
        "ko": "신경망의 답: {digit} (확신도 {confidence:.1%}).",
    },
    "cnn.prediction_untrained": {
        "en": "The untrained network's answer: {digit} ({confidence:.1%}), a guess with random weights.",
        "ko": "학습 전 신경망의 답: {digit} ({confidence:.1%}). 무작위 가중치로 찍은 값입니다.",
    },
    "cnn.tf_missing": {
        "en": "TensorFlow could not be loaded, so the network cannot be shown here.",
        "ko": "TensorFlow를 불러오지 못해 신경망을 보여 줄 수 없습니다.",
    },
    # cnn_fast
    "cnn.fast_header": {"en": "4. A CNN that trains while you watch: cnn_fast",
                        "ko": "4. 지켜보는 동안 학습되는 CNN: cnn_fast"},
    # Short enough for a projector. The page passes peak, rotation, zoom and shift too; unused here.
    "cnn.fast_help": {
        "en": "`cnn_fast` is the notes' CNN idea tuned for a laptop; the notes' own recipe is `cnn`. It has two "
              "convolution layers with max pooling and BatchNorm, and trains for {epochs} epochs on batches of "
              "{batch} instead of 64, with one learning-rate cycle and light augmentation. Seeds 0–4 reached "
              "99.41–99.53% in about a minute each.",
        "ko": "`cnn_fast`는 강의 노트 CNN의 아이디어를 노트북에 맞게 조정한 것이고, 강의 노트의 방식 그대로는 "
              "`cnn`입니다. 최대 풀링과 배치 정규화를 곁들인 합성곱 층 2개로 이루어져 있고, 배치 64 대신 {batch}, "
              "학습률 한 주기, 약한 데이터 증강으로 {epochs} 에포크를 학습합니다. 시드 0–4는 각각 1분 정도 만에 "
              "99.41–99.53%에 이르렀습니다.",
    },
    "cnn.fast_stored": {
        "en": "cnn_fast with its defaults is stored (run {run_id}, test accuracy {accuracy:.2%}): choose it "
              "above as the source of weights.",
        "ko": "기본 설정의 cnn_fast 학습 기록이 저장되어 있습니다(학습 기록 {run_id}, 테스트 정확도 {accuracy:.2%}). "
              "위에서 가중치 출처로 고르세요.",
    },
    "cnn.fast_missing": {
        "en": "cnn_fast with its defaults is not stored yet. It trains in about {time} here: on the Train page "
              "(network “S4 · cnn_fast”), or for five seeds at once with the command below.",
        "ko": "기본 설정의 cnn_fast 학습이 아직 이루어지지 않았습니다. 이 컴퓨터에서 약 {time} 걸립니다. "
              "학습 페이지(신경망 “S4 · cnn_fast”)에서 학습하거나, 아래 명령으로 시드 5개를 한 번에 학습하세요.",
    },
    "cnn.fast_to_train": {"en": "Train it on the Train page", "ko": "학습 페이지로 이동"},
    "cnn.to_ensemble": {"en": "Average several CNNs: the ensemble page", "ko": "여러 CNN의 평균: 앙상블 페이지"},
}
