"""scikit-learn baselines for `tabular`: the same training and validation rows the C# learner used, as CSV files (target last).

Usage: tabular_baselines.py TRAIN.csv VALID.csv regression|classification
Prints one JSON object per model: {"model": ..., "metric": ..., "value": ...}.
"""
import json
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

train_path, valid_path, task = sys.argv[1:4]
train = np.genfromtxt(train_path, delimiter=",", skip_header=1)
valid = np.genfromtxt(valid_path, delimiter=",", skip_header=1)
x_train, y_train, x_valid, y_valid = train[:, :-1], train[:, -1], valid[:, :-1], valid[:, -1]

if task == "regression":
    models = [("least squares", LinearRegression()),
              ("random forest", RandomForestRegressor(n_estimators=500, random_state=0, n_jobs=2))]
    for name, model in models:
        model.fit(x_train, y_train)
        rmse = float(np.sqrt(np.mean((model.predict(x_valid) - y_valid) ** 2)))
        print(json.dumps({"model": name, "metric": "rmse", "value": rmse}))
else:
    models = [("logistic regression", make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))),
              ("random forest", RandomForestClassifier(n_estimators=500, random_state=0, n_jobs=2))]
    for name, model in models:
        model.fit(x_train, y_train)
        accuracy = float(np.mean(model.predict(x_valid) == y_valid))
        print(json.dumps({"model": name, "metric": "accuracy", "value": accuracy}))
