"""scikit-learn baselines for `tabular`: the same training and validation rows the C# learner used, as CSV files (target last).

Usage: tabular_baselines.py TRAIN.csv VALID.csv regression|classification
Prints one JSON object per model: {"model": ..., "metric": ..., "value": ...}.
The "book settings" forest is chapter 9's: 40 trees, half the columns at each split, at least 5 rows a leaf, each tree
drawn from 70 % of the rows; the decision tree keeps at least 25 rows a leaf.
"""
import json
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

train_path, valid_path, task = sys.argv[1:4]
train = np.genfromtxt(train_path, delimiter=",", skip_header=1)
valid = np.genfromtxt(valid_path, delimiter=",", skip_header=1)
x_train, y_train, x_valid, y_valid = train[:, :-1], train[:, -1], valid[:, :-1], valid[:, -1]
book = dict(n_estimators=40, max_features=0.5, min_samples_leaf=5, max_samples=0.7, random_state=0, n_jobs=2)

if task == "regression":
    models = [("least squares", LinearRegression()),
              ("random forest", RandomForestRegressor(n_estimators=500, random_state=0, n_jobs=2)),
              ("random forest, book settings", RandomForestRegressor(**book)),
              ("decision tree", DecisionTreeRegressor(min_samples_leaf=25, random_state=0))]
    for name, model in models:
        model.fit(x_train, y_train)
        rmse = float(np.sqrt(np.mean((model.predict(x_valid) - y_valid) ** 2)))
        print(json.dumps({"model": name, "metric": "rmse", "value": rmse}))
else:
    models = [("logistic regression", make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))),
              ("random forest", RandomForestClassifier(n_estimators=500, random_state=0, n_jobs=2)),
              ("random forest, book settings", RandomForestClassifier(**book)),
              ("decision tree", DecisionTreeClassifier(min_samples_leaf=25, random_state=0))]
    for name, model in models:
        model.fit(x_train, y_train)
        accuracy = float(np.mean(model.predict(x_valid) == y_valid))
        print(json.dumps({"model": name, "metric": "accuracy", "value": accuracy}))
