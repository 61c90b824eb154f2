STRINGS = {
    "sketch.look_inside": {"en": "Look inside the network for this drawing", "ko": "이 그림으로 신경망 내부 관찰"},
    "sketch.title": {"en": "Draw a digit", "ko": "숫자를 그려 보세요"},
    "sketch.intro": {
        "en": "Draw one digit and every trained model says what it sees. Before the model looks, the drawing "
              "goes through MNIST's own recipe: crop to the ink, scale to 20 pixels, centre in 28×28.",
        "ko": "숫자 하나를 그리면 저장된 모델마다 그 숫자가 무엇으로 보이는지 알려 줍니다. 모델에 넣기 전에 그림은 MNIST를 "
              "만들 때와 같은 순서로 다듬어집니다. 획 부분만 잘라 내고, 20픽셀 크기로 줄인 다음, 28×28 가운데에 놓습니다.",
    },
    "sketch.source": {"en": "Input", "ko": "입력 방법"},
    "sketch.source_draw": {"en": "Draw", "ko": "그리기"},
    "sketch.source_upload": {"en": "Upload", "ko": "업로드"},
    "sketch.source_test": {"en": "Test digit", "ko": "테스트 숫자"},
    "sketch.canvas_help": {
        "en": "Draw with the mouse, a finger or a pen: white ink on black, like MNIST.",
        "ko": "마우스, 손가락, 펜으로 그리세요. MNIST처럼 검은 바탕에 흰 글씨입니다.",
    },
    "sketch.stroke": {"en": "Pen width", "ko": "펜 굵기"},
    "sketch.stroke_help": {
        "en": "The default, 24 px, gives strokes as thick as MNIST's when the digit fills most of the square.",
        "ko": "기본값 24px로 숫자를 칸에 크게 그리면 MNIST와 비슷한 획 굵기가 됩니다.",
    },
    "sketch.clear": {"en": "Clear", "ko": "그림 삭제"},
    "sketch.draw_prompt": {
        "en": "Draw a digit in the black square to see what the models read.",
        "ko": "검은 칸에 숫자를 그리면 모델이 읽은 결과가 나타납니다.",
    },
    "sketch.upload_label": {"en": "A photo or scan of one digit (PNG or JPG)", "ko": "숫자 하나를 찍은 사진이나 스캔 (PNG 또는 JPG)"},
    "sketch.upload_help": {
        "en": "Dark ink on light paper is inverted automatically. Up to {mb} MB.",
        "ko": "밝은 종이에 어두운 글씨는 자동으로 반전됩니다. 최대 {mb}MB.",
    },
    "sketch.upload_prompt": {
        "en": "Upload a picture of a single handwritten digit.",
        "ko": "손글씨 숫자 하나가 담긴 이미지를 올려 주세요.",
    },
    "sketch.upload_empty": {"en": "The file is empty.", "ko": "빈 파일입니다."},
    "sketch.upload_corrupt": {
        "en": "This file could not be read as an image. Is it damaged, or not really a PNG/JPG?",
        "ko": "이미지로 읽을 수 없는 파일입니다. 손상되었거나 실제로는 PNG/JPG가 아닌 것 같습니다.",
    },
    "sketch.upload_unsupported": {
        "en": "Only PNG and JPG images are supported.",
        "ko": "PNG와 JPG 이미지만 사용할 수 있습니다.",
    },
    "sketch.upload_too_large": {
        "en": "This image is too large. Use one under {mb} MB and a few thousand pixels across.",
        "ko": "이미지가 너무 큽니다. {mb}MB 이하, 가로세로 수천 픽셀 이내의 이미지를 사용하세요.",
    },
    "sketch.upload_no_ink": {
        "en": "No digit found in this picture: the strokes do not stand out from the background.",
        "ko": "이 이미지에서 숫자를 찾지 못했습니다. 획이 배경과 잘 구분되지 않습니다.",
    },
    "sketch.test_index": {"en": "Test image number", "ko": "테스트 이미지 번호"},
    "sketch.random": {"en": "Random test digit", "ko": "무작위 선택"},
    "sketch.true_label": {"en": "True label: {label}", "ko": "정답 레이블: {label}"},
    "sketch.steps": {"en": "What the model sees, step by step", "ko": "모델이 보는 이미지, 단계별로"},
    "sketch.step_raw": {"en": "1. Your drawing, in gray", "ko": "1. 그린 그림 (회색조)"},
    "sketch.step_crop": {"en": "2. Cropped to the ink", "ko": "2. 획 부분만 자르기"},
    "sketch.step_scaled": {"en": "3. Longer side scaled to 20 px", "ko": "3. 긴 변을 20px로 줄이기"},
    "sketch.step_centred": {"en": "4. Centred in 28×28: the model input", "ko": "4. 28×28 가운데 배치: 모델 입력"},
    "sketch.step_size": {"en": "{width}×{height} px", "ko": "{width}×{height} px"},
    "sketch.steps_test": {
        "en": "A test digit is already 28×28 and centred: it goes to the models as it is.",
        "ko": "테스트 숫자는 이미 28×28 크기로 가운데 정렬되어 있어 그대로 모델에 들어갑니다.",
    },
    "sketch.models": {"en": "Models", "ko": "모델"},
    "sketch.models_help": {
        "en": "Stored runs from the Train page. A name ending in …@10 is that run's snapshot after epoch 10.",
        "ko": "학습 페이지에서 저장한 학습 기록입니다. 이름이 …@10으로 끝나면 그 학습 기록의 10 에포크 시점 스냅숏입니다.",
    },
    "sketch.pick_models": {"en": "Pick at least one model.", "ko": "모델을 하나 이상 고르세요."},
    "sketch.prediction": {"en": "Prediction", "ko": "예측"},
    "sketch.confidence": {"en": "Confidence {percent}", "ko": "확신도 {percent}"},
    "sketch.unsure": {
        "en": "Not sure: the top probability is only {percent}.",
        "ko": "확신하지 못함: 가장 높은 확률이 {percent}에 그칩니다.",
    },
    "sketch.agree": {"en": "All models read it as {digit}.", "ko": "모든 모델의 답: {digit}"},
    "sketch.disagree": {
        "en": "The models disagree: they read {digits}.",
        "ko": "모델마다 답이 다릅니다: {digits}",
    },
    "sketch.correct": {"en": "Correct", "ko": "정답"},
    "sketch.wrong": {"en": "Wrong (true label {label})", "ko": "오답 (정답 {label})"},
    "sketch.probability": {"en": "Probability", "ko": "확률"},
    "sketch.load_error": {
        "en": "The run {run_id} could not be loaded.",
        "ko": "학습 기록 {run_id}을(를) 불러오지 못했습니다.",
    },
    "sketch.no_runs": {
        "en": "No trained model yet. Train a quick one here (about half a minute), or a real one on the Train page.",
        "ko": "아직 학습 기록이 없습니다. 여기서 빠르게 하나 학습하거나(30초 정도), 학습 페이지에서 제대로 학습해 보세요.",
    },
    "sketch.quick_train": {
        "en": "Train a quick model ({preset}, {epochs} epochs)",
        "ko": "빠른 모델 학습 시작 ({preset}, {epochs} 에포크)",
    },
    "sketch.trained": {
        "en": "Done: {preset} reaches {accuracy} on the test set.",
        "ko": "완료: {preset}의 테스트 정확도는 {accuracy}입니다.",
    },
    "sketch.class_title": {"en": "Our class's handwriting", "ko": "우리 반의 손글씨"},
    "sketch.class_intro": {
        "en": "Save drawings with the digit they really are. The models never saw this handwriting: "
              "how well do they read it, compared with MNIST's own test digits?",
        "ko": "그린 숫자를 정답과 함께 저장해 보세요. 모델은 이 손글씨를 한 번도 본 적이 없습니다. "
              "MNIST 테스트 숫자와 비교하면 얼마나 잘 읽을까요?",
    },
    "sketch.class_digit": {"en": "This is the digit", "ko": "이 숫자의 정답"},
    "sketch.class_save": {"en": "Save this drawing as digit {digit}", "ko": "이 그림 저장 (정답: {digit})"},
    "sketch.class_pick_digit": {
        "en": "Choose which digit it is, then save it.",
        "ko": "어떤 숫자인지 고른 다음 저장하세요.",
    },
    "sketch.class_saved": {
        "en": "Saved as {digit}. The class set now holds {n} drawings.",
        "ko": "저장했습니다(정답: {digit}). 우리 반 손글씨는 이제 {n}개입니다.",
    },
    "sketch.class_saved.one": {
        "en": "Saved as {digit}. The class set now holds 1 drawing.",
        "ko": "저장했습니다(정답: {digit}). 우리 반 손글씨는 이제 1개입니다.",
    },
    "sketch.class_save_failed": {"en": "Could not save the drawing: {error}", "ko": "그림을 저장하지 못했습니다: {error}"},
    "sketch.class_only_own": {
        "en": "Draw or upload a digit to add it to the class set (test digits are MNIST's, not ours).",
        "ko": "직접 그리거나 올린 숫자만 우리 반 손글씨에 넣을 수 있습니다 (테스트 숫자는 MNIST의 것입니다).",
    },
    "sketch.class_empty": {
        "en": "No drawings saved yet.",
        "ko": "아직 저장된 그림이 없습니다.",
    },
    "sketch.class_counts": {
        "en": "{n} drawings saved. Per digit: {counts}",
        "ko": "저장된 그림 {n}개. 숫자별: {counts}",
    },
    "sketch.class_counts.one": {
        "en": "1 drawing saved. Per digit: {counts}",
        "ko": "저장된 그림 1개. 숫자별: {counts}",
    },
    "sketch.class_col_model": {"en": "Model", "ko": "모델"},
    "sketch.class_col_class": {"en": "Our handwriting", "ko": "우리 반 손글씨"},
    "sketch.class_col_mnist": {"en": "MNIST test set", "ko": "MNIST 테스트 데이터"},
    "sketch.class_lesson": {
        "en": "A model is only as good as the data it saw: MNIST's digits were written by employees of the US "
              "Census Bureau and American high-school students, not by us.",
        "ko": "모델은 자기가 본 데이터만큼만 잘합니다. MNIST의 숫자는 미국 인구조사국 직원과 미국 고등학생이 쓴 것이지, "
              "우리가 쓴 것이 아닙니다.",
    },
    "sketch.class_all_wrong": {
        "en": "Drawings every chosen model gets wrong ({n})",
        "ko": "고른 모델이 모두 틀린 그림 ({n}개)",
    },
    "sketch.class_none_wrong": {
        "en": "Every drawing is read right by at least one chosen model.",
        "ko": "모든 그림을 고른 모델 중 적어도 하나는 맞혔습니다.",
    },
    "sketch.class_wrong_caption": {"en": "{label} → {read}", "ko": "{label} → {read}"},
    "sketch.class_export": {"en": "Download the class set (.npz)", "ko": "우리 반 손글씨 다운로드 (.npz)"},
    "sketch.class_clear": {"en": "Delete all drawings…", "ko": "그림 전체 삭제…"},
    "sketch.class_clear_confirm": {
        "en": "Delete all {n} saved drawings? This cannot be undone.",
        "ko": "저장된 그림 {n}개를 모두 지울까요? 되돌릴 수 없습니다.",
    },
    "sketch.class_clear_confirm.one": {
        "en": "Delete the one saved drawing? This cannot be undone.",
        "ko": "저장된 그림 1개를 지울까요? 되돌릴 수 없습니다.",
    },
    "sketch.class_clear_yes": {"en": "Yes, delete them", "ko": "삭제 확인"},
    "sketch.class_clear_no": {"en": "Cancel", "ko": "취소"},
    "sketch.class_cleared": {"en": "The class set is empty again.", "ko": "우리 반 손글씨를 모두 지웠습니다."},
    "sketch.upload_too_many_pixels": {
        "en": "This picture has too many pixels to read safely. Use one of at most {megapixels} megapixels "
              "(such as {example} px), no side longer than {side} px: one digit needs far fewer.",
        "ko": "픽셀이 너무 많아 안전하게 읽을 수 없는 이미지입니다. {megapixels}메가픽셀(예: {example}px) 이하, "
              "한 변이 {side}px 이하인 이미지를 사용하세요. 숫자 하나에는 훨씬 적은 픽셀로 충분합니다.",
    },
    "sketch.upload_animated": {
        "en": "This is an animated picture. Upload a still PNG or JPG of one digit.",
        "ko": "움직이는 이미지입니다. 숫자 하나가 담긴 정지된 PNG나 JPG 이미지를 올려 주세요.",
    },
}
