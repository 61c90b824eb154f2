"""An ensemble of stored runs: each member beside the average of their outputs.

Only stored test probabilities are read here: no TensorFlow is imported.
"""
import numpy as np
import pandas as pd


def ensemble_report(probs_by_run, y_test):
    """Compare each member with the ensemble (the mean of their softmax outputs).

    probs_by_run: {run_id: (n, 10) probabilities}, in the order to show.
    Returns a dict:
      members   DataFrame run_id, accuracy, errors (input order)
      accuracy  the ensemble's accuracy; errors its error count
      probs     (n, 10) averaged probabilities; predicted its argmax
      best      run_id of the most accurate member (first one on ties)
      fixed     indices the ensemble gets right and the best member wrong
      broken    indices the ensemble gets wrong and the best member right
    """
    from core.evaluate import ensemble_probs

    y_test = np.asarray(y_test)
    said = {run_id: np.asarray(probs).argmax(axis=1) for run_id, probs in probs_by_run.items()}
    members = pd.DataFrame(
        [{"run_id": r, "accuracy": float(np.mean(p == y_test)), "errors": int(np.sum(p != y_test))}
         for r, p in said.items()],
        columns=["run_id", "accuracy", "errors"])
    probs = ensemble_probs(list(probs_by_run.values()))
    predicted = probs.argmax(axis=1)
    right = predicted == y_test
    best = members.run_id.iloc[int(members.accuracy.to_numpy().argmax())]
    best_right = said[best] == y_test
    return {
        "members": members,
        "accuracy": float(right.mean()),
        "errors": int((~right).sum()),
        "probs": probs,
        "predicted": predicted,
        "best": best,
        "fixed": np.flatnonzero(right & ~best_right),
        "broken": np.flatnonzero(~right & best_right),
    }
