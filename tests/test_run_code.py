"""core.run_code: the generated scripts are valid Python, carry every setting,
and run: for tiny configs they train offline in a fresh interpreter, exit 0
and print a test accuracy above chance."""
import ast
import os
import re
import subprocess
import sys

import pytest

from core import models
from core.run_code import run_script
from core.training import TrainConfig, train
from tests.helpers import ROOT

CHANCE = 0.1135  # the most frequent test digit (1) always: what a net that learnt nothing scores
NUMPY_TINY = TrainConfig(preset="numpy2layer", epochs=1, train_limit=500, batch_size=10)
# BatchNormalization's moving statistics need some steps before the CNN answers well at test time
CNN_TINY = TrainConfig(preset="cnn", epochs=2, train_limit=3000)


def every_preset_config():
    """A tiny config of every preset in the registry, with and without augmentation
    where the preset takes it, each keeping a snapshot."""
    configs = []
    for preset in models.PRESETS:
        augments = (False, True) if models.input_layout(preset) == "image" else (False,)
        for augment in augments:
            configs.append(TrainConfig(preset=preset, epochs=2, train_limit=600, augment=augment,
                                       snapshot_epochs=(1,), batch_size=32))
    return configs


EVERY_PRESET = every_preset_config()


def run_generated(config, tmp_path):
    """Write the script for `config`, run it with this venv's Python in tmp_path
    (the project importable, so MNIST comes from core.data, offline);
    returns (stdout, the test accuracy it prints)."""
    script = tmp_path / f"train_{config.preset}.py"
    script.write_text(run_script(config), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2", "KERAS_HOME": str(tmp_path / "keras"),
           "CUDA_VISIBLE_DEVICES": ""}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, env=env,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    found = re.findall(r"^test accuracy: ([0-9.]+)$", out.stdout, re.MULTILINE)
    assert len(found) == 1, out.stdout[-2000:]
    return out.stdout, float(found[0])


def test_numpy_script_trains_offline_and_matches_the_app(tmp_path):
    stdout, accuracy = run_generated(NUMPY_TINY, tmp_path)
    assert accuracy > 0.3 > CHANCE
    assert "epoch 1: train accuracy" in stdout
    # the same seed, minibatches and float32 maths as the app's NumPy engine: the same net
    assert accuracy == pytest.approx(train(NUMPY_TINY).test_accuracy, abs=1e-4)


@pytest.mark.slow
@pytest.mark.parametrize("config", EVERY_PRESET, ids=lambda c: f"{c.preset}-augment={c.augment}")
def test_every_presets_script_trains_offline_the_engines_network(config, tmp_path):
    stdout, accuracy = run_generated(config, tmp_path)
    assert 0.0 <= accuracy <= 1.0
    if config.preset == "numpy2layer":
        assert "epoch 2: train accuracy" in stdout
        return
    # the script's Sequential is the network the engine trains: the same parameters, layer for layer
    params = re.findall(r"Total params: ([0-9,]+)", stdout)
    assert params and int(params[0].replace(",", "")) == models.build_model(config).count_params()
    assert ("datagen.flow" in run_script(config)) == bool(config.normalized().augment)


@pytest.mark.slow
def test_cnn_script_with_augmentation_trains_offline(tmp_path):
    stdout, accuracy = run_generated(CNN_TINY, tmp_path)
    assert accuracy > CHANCE + 0.03
    assert "Epoch 2/2" in stdout and "learning_rate: 9.5000e-04" in stdout  # the scheduler's 1e-3 * 0.95


def test_scripts_are_python_and_import_nothing_of_the_app_but_its_data():
    configs = EVERY_PRESET + [
        TrainConfig(preset="mlp512x256", epochs=50, snapshot_epochs=(10,)),
        TrainConfig(preset="custom", hidden_sizes=(64, 32), activation="leaky_relu", dropout=0.2),
        TrainConfig(preset="numpy2layer", loss="mse", validation_split=0.2, early_stopping=True, lr_decay=0.9),
    ]
    for config in configs:
        tree = ast.parse(run_script(config))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module.split(".")[0])
        allowed = {"numpy", "core"} | ({"keras", "tensorflow"} if config.preset != "numpy2layer" else {"keras"})
        assert imported <= allowed, (config.preset, imported)


def test_every_setting_is_in_the_script():
    config = TrainConfig(preset="custom", epochs=7, batch_size=64, learning_rate=0.02, optimizer="momentum",
                         loss="mse", validation_split=0.2, early_stopping=True, patience=2, seed=5,
                         train_limit=3000, hidden_sizes=(128, 64), activation="tanh", dropout=0.25, lr_decay=0.9)
    code = run_script(config)
    for piece in ['layers.Dense(128, activation="tanh")', 'layers.Dense(64, activation="tanh")',
                  "layers.Dropout(0.25)", 'layers.Dense(10, activation="softmax")',
                  "keras.optimizers.SGD(learning_rate=0.02, momentum=0.9)", 'loss="mean_squared_error"',
                  "epochs=7", "batch_size=64", "x_train[:3000]", "keras.utils.set_random_seed(5)",
                  "n_val = round(len(x_train) * 0.2)", "validation_data=(x_val, y_val)",
                  "lambda epoch: 0.02 * 0.9 ** epoch", 'EarlyStopping(monitor="val_loss", patience=2',
                  "keras.datasets.mnist", config.run_id]:
        assert piece in code, piece
    assert "ImageDataGenerator" not in code


def test_the_notes_recipes():
    s2 = run_script(TrainConfig(preset="mlp512x256"))
    assert 'layers.Dense(512, activation="relu"),\n    layers.Dense(256, activation="relu")' in s2
    assert "keras.optimizers.Adam(learning_rate=0.001)" in s2 and "epochs=10, batch_size=128" in s2
    assert "x_train[:" not in s2  # all 60,000 digits
    s1 = run_script(TrainConfig(preset="dense512"))
    assert "keras.optimizers.RMSprop(learning_rate=0.001)" in s1 and "epochs=5" in s1
    s4 = run_script(TrainConfig(preset="cnn"))
    assert "ImageDataGenerator(rotation_range=15, zoom_range=0.15" in s4
    assert "LearningRateScheduler(lambda epoch: 0.001 * 0.95 ** epoch)" in s4
    assert "layers.Conv2D(32, kernel_size=5, strides=2, padding=\"same\", activation=\"relu\")" in s4
    assert "n_val = round(len(x_train) * 0.1)" in s4 and "batch_size=64" in s4
    fast = run_script(TrainConfig(preset="cnn_fast"))
    assert "layers.MaxPooling2D()" in fast and "layers.BatchNormalization(momentum=0.9)" in fast
    assert "warmup_target=0.01" in fast and "ImageDataGenerator(rotation_range=10, zoom_range=0.1" in fast
    assert "LearningRateScheduler" not in fast
    s3 = run_script(TrainConfig(preset="numpy2layer"))
    assert "class TwoLayerNet" in s3 and "network.params[key] -= rate * grad[key]" in s3
    assert "epochs, batch_size, learning_rate = 17, 100, 0.5" in s3 and "import keras" not in s3
    assert run_script(TrainConfig(preset="numpy2layer").to_dict()) == s3  # a config's dict works too
