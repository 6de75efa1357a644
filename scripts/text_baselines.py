"""scikit-learn's bag-of-words baseline for `text`: TF-IDF of words and word pairs, then logistic regression, on a folder in the IMDb layout.

Usage: text_baselines.py FOLDER TRAIN VALID   (texts in FOLDER/TRAIN/CLASS/*.txt and FOLDER/VALID/CLASS/*.txt)
Prints one JSON object: {"model": ..., "accuracy": ..., "train": n, "valid": n}.
"""
import json
import pathlib
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def read(folder):
    texts, labels = [], []
    for f in sorted(pathlib.Path(folder).glob("*/*.txt")):
        texts.append(f.read_text(encoding="utf-8"))
        labels.append(f.parent.name)
    return texts, labels


root, train, valid = sys.argv[1:4]
x_train, y_train = read(pathlib.Path(root) / train)
x_valid, y_valid = read(pathlib.Path(root) / valid)
vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
model = LogisticRegression(C=10, max_iter=5000)
model.fit(vectorizer.fit_transform(x_train), y_train)
accuracy = float((model.predict(vectorizer.transform(x_valid)) == y_valid).mean())
print(json.dumps({"model": "tf-idf + logistic regression", "accuracy": accuracy, "train": len(x_train), "valid": len(x_valid)}))
