#!/usr/bin/python3
"""Writes test/heads/fixtures/logistic-sklearn.json: scikit-learn's LogisticRegression on a
seeded synthetic dataset, the oracle our logistic head is tested against.

Run once with /usr/bin/python3 (python3-sklearn); commit the fixture. The data are stored as
float32 values (what a graft Matrix holds) and sklearn fits on those same values.
"""
import base64
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression


def blobs(rng, n, d, k, spread):
    centres = rng.normal(0.0, 1.0, size=(k, d))
    y = np.arange(n) % k
    X = centres[y] + rng.normal(0.0, spread, size=(n, d))
    return X.astype(np.float32), y.astype(np.int32)


def f32_b64(X):
    return base64.b64encode(np.ascontiguousarray(X, dtype="<f4").tobytes()).decode("ascii")


def case(name, data, X, y, C, class_weight=None):
    clf = LogisticRegression(C=C, solver="lbfgs", tol=1e-10, max_iter=10000, class_weight=class_weight)
    clf.fit(X.astype(np.float64), y)
    coef, intercept = clf.coef_, clf.intercept_
    # sklearn's lbfgs stops on scipy's relative-decrease test before tol; newton-cg at a
    # tighter tol gives the exact optimum of the same objective, a second reference.
    exact = LogisticRegression(C=C, solver="newton-cg", tol=1e-12, max_iter=10000, class_weight=class_weight)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # line-search warnings at the round-off floor
        exact.fit(X.astype(np.float64), y)
    return {
        "name": name,
        "C": C,
        "classWeight": class_weight,
        "data": data,
        "coef": [float(v) for v in coef.ravel()],
        "intercept": intercept.tolist(),
        "proba": [round(float(v), 12) for v in clf.predict_proba(X.astype(np.float64)).ravel()],
        "probaExact": [round(float(v), 12) for v in exact.predict_proba(X.astype(np.float64)).ravel()],
        "iterations": int(clf.n_iter_[0]),
    }


def main():
    rng = np.random.default_rng(20261128)
    X3, y3 = blobs(rng, 300, 20, 3, 2.0)
    X2, y2 = blobs(rng, 200, 20, 2, 3.0)
    Xw, yw = X3[:240], np.where(np.arange(240) % 5 == 0, 2, np.arange(240) % 2).astype(np.int32)
    def dataset(X, y):
        return {"n": int(X.shape[0]), "d": int(X.shape[1]), "X": f32_b64(X), "y": [int(v) for v in y]}

    out = {
        "generator": "scripts/make-logistic-fixture.py",
        "sklearn": sklearn.__version__,
        "data": {"three": dataset(X3, y3), "two": dataset(X2, y2), "imbalanced": dataset(Xw, yw)},
        "cases": [
            case("multinomial-3-C1", "three", X3, y3, 1.0),
            case("multinomial-3-C0.05", "three", X3, y3, 0.05),
            case("binary-C1", "two", X2, y2, 1.0),
            case("multinomial-3-balanced", "imbalanced", Xw, yw, 0.5, "balanced"),
        ],
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "test", "heads", "fixtures", "logistic-sklearn.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(path)


if __name__ == "__main__":
    main()
