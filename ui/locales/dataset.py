STRINGS = {
    "dataset.title": {"en": "The MNIST dataset", "ko": "MNIST 데이터셋"},
    "dataset.intro": {
        "en": "70,000 handwritten digits, 28×28 pixels each, in shades of gray from 0 (black) to 255 (white). "
              "60,000 are for training and 10,000 are kept aside for the final test.",
        "ko": "손으로 쓴 숫자 이미지 70,000장입니다. 한 장은 28×28 픽셀이고, 각 픽셀은 0(검정)부터 255(흰색)까지의 회색 값입니다. "
              "60,000장은 훈련용, 10,000장은 마지막 평가를 위한 테스트용입니다.",
    },
    "dataset.facts": {"en": "Facts", "ko": "기본 정보"},
    "dataset.train_shape": {"en": "Training images", "ko": "훈련 이미지"},
    "dataset.test_shape": {"en": "Test images", "ko": "테스트 이미지"},
    "dataset.value_range": {"en": "Pixel values", "ko": "픽셀 값 범위"},
    "dataset.classes": {"en": "Classes", "ko": "클래스 수"},
    "dataset.source": {"en": "Loaded from: {source}", "ko": "불러온 곳: {source}"},
    "dataset.samples": {"en": "Sample digits", "ko": "샘플 숫자"},
    "dataset.filter": {"en": "Show only this digit", "ko": "이 숫자만 보기"},
    "dataset.all_digits": {"en": "All digits", "ko": "모든 숫자"},
    "dataset.reshuffle": {"en": "Reshuffle", "ko": "새 샘플"},
    "dataset.sample_caption": {"en": "label {label} · #{index}", "ko": "레이블 {label} · #{index}"},
    "dataset.matrix": {"en": "One digit as numbers", "ko": "숫자로 본 한 장의 이미지"},
    "dataset.matrix_help": {
        "en": "This is what the network really receives: a 28×28 grid of numbers. 0 is background, 255 is full ink.",
        "ko": "신경망이 실제로 받는 입력은 28×28 크기의 숫자 행렬입니다. 0은 배경, 255는 가장 진한 획입니다.",
    },
    "dataset.pick_index": {"en": "Training image number", "ko": "훈련 이미지 번호"},
    "dataset.distribution": {"en": "How many of each digit?", "ko": "숫자별 개수"},
    "dataset.distribution_help": {
        "en": "The classes are roughly balanced: from {low} to {high} training images per digit.",
        "ko": "클래스가 대체로 고르게 분포합니다. 숫자마다 훈련 이미지가 {low}장에서 {high}장 사이입니다.",
    },
    "dataset.mean_images": {"en": "The average digit of each class", "ko": "클래스별 평균 이미지"},
    "dataset.mean_help": {
        "en": "Every training image of a class averaged pixel by pixel: the blurry 'typical' shape.",
        "ko": "한 클래스의 모든 훈련 이미지를 픽셀마다 평균한 것으로, 흐릿한 '대표 모양'이 보입니다.",
    },
    "dataset.preprocess": {"en": "Preprocessing, step by step", "ko": "전처리 단계별로 보기"},
    "dataset.step_image": {"en": "1. The 28×28 image (uint8)", "ko": "1. 28×28 이미지 (uint8)"},
    "dataset.step_flat": {
        "en": "2. Flattened to a vector of 784 numbers (reshape(784))",
        "ko": "2. 784개 숫자의 벡터로 펼치기 (reshape(784))",
    },
    "dataset.step_scale": {
        "en": "3. Divided by 255: floats between 0 and 1",
        "ko": "3. 255로 나누기: 0과 1 사이의 실수",
    },
    # no particle right after {label}: 을/를 would depend on how the digit is read
    "dataset.step_onehot": {
        "en": "4. The label {label} as a one-hot vector of length 10",
        "ko": "4. 레이블 {label} → 길이 10의 원-핫 벡터",
    },
    "dataset.pixel_index": {"en": "pixel index", "ko": "픽셀 번호"},
    "dataset.value": {"en": "value", "ko": "값"},
    "dataset.nonzero": {
        "en": "Ink in {n} of the 784 pixels; the largest scaled value is {max:.3f}.",
        "ko": "784개 픽셀 중 {n}개에 획이 있고, 정규화된 최댓값은 {max:.3f}입니다.",
    },
    "dataset.split": {"en": "Training / validation split", "ko": "훈련 / 검증 데이터 분할"},
    # The notes' 8:2 (S5) splits training from test data; the notes that hold out validation data (S4) take 10%.
    "dataset.split_help": {
        "en": "Part of the training set is held back to watch for overfitting during training. The S4 notes hold "
              "back 10% (test_size=0.1). The 8:2 in the S5 notes is another split: training data to test data.",
        "ko": "학습 중 과적합을 확인하려고 훈련 데이터의 일부를 검증용으로 떼어 둡니다. S4 강의 노트는 10%를 "
              "떼어 둡니다(test_size=0.1). S5 강의 노트의 8:2는 이것이 아니라 훈련 데이터와 테스트 데이터의 비율입니다.",
    },
    "dataset.val_fraction": {"en": "Validation fraction", "ko": "검증 데이터 비율"},
    "dataset.split_counts": {
        "en": "{train:,} for training, {val:,} for validation, {test:,} for test.",
        "ko": "훈련 {train:,}장, 검증 {val:,}장, 테스트 {test:,}장.",
    },
    "dataset.val_share": {"en": "Validation share per digit", "ko": "숫자별 검증 비율"},
}
