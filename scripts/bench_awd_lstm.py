"""PyTorch peer of FastDays' `text-lm` benchmark: an AWD-LSTM language model (fastai's design: embedding dropout, input/hidden dropout, weight
dropout on each layer's hidden-to-hidden matrix applied before libtorch's LSTM, tied decoder) trained with Adam on random token windows.

Usage: bench_awd_lstm.py VOCAB EMB HID LAYERS BS SEQ BATCHES [dropconnect|plain]
Prints one JSON object: {"seconds": ..., "tokens_per_s": ..., "loss": ...} for BATCHES timed steps after 3 warm-up steps.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class WeightDropLSTM(nn.Module):
    def __init__(self, n_in, n_out, p):
        super().__init__()
        self.p = p
        self.lstm = nn.LSTM(n_in, n_out, batch_first=True)
        self.raw = nn.Parameter(self.lstm.weight_hh_l0.data.clone())
        del self.lstm._parameters["weight_hh_l0"]

    def forward(self, x, state):
        w = F.dropout(self.raw, self.p, self.training)
        self.lstm.weight_hh_l0 = w
        self.lstm._flat_weights = [getattr(self.lstm, n) for n in self.lstm._flat_weights_names]
        return self.lstm(x, state)


class Lm(nn.Module):
    def __init__(self, vocab, emb, hid, layers, dropconnect):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        sizes = [(emb if i == 0 else hid, emb if i == layers - 1 else hid) for i in range(layers)]
        self.rnns = nn.ModuleList([WeightDropLSTM(a, b, 0.2) if dropconnect else nn.LSTM(a, b, batch_first=True) for a, b in sizes])
        self.dec = nn.Linear(emb, vocab)
        self.dec.weight = self.emb.weight
        self.state = None

    def forward(self, x):
        bs = x.shape[0]
        if self.training:
            mask = torch.empty(self.emb.weight.shape[0], 1).bernoulli_(0.98) / 0.98
            out = F.embedding(x, self.emb.weight * mask)
            out = out * torch.empty(bs, 1, out.shape[2]).bernoulli_(0.75) / 0.75
        else:
            out = self.emb(x)
        if self.state is None:
            self.state = [(torch.zeros(1, bs, r.lstm.hidden_size if hasattr(r, "lstm") else r.hidden_size),) * 2 for r in self.rnns]
        new = []
        for i, r in enumerate(self.rnns):
            out, (h, c) = r(out, self.state[i])
            new.append((h.detach(), c.detach()))
            if i < len(self.rnns) - 1 and self.training:
                out = out * torch.empty(bs, 1, out.shape[2]).bernoulli_(0.85) / 0.85
        self.state = new
        if self.training:
            out = out * torch.empty(bs, 1, out.shape[2]).bernoulli_(0.9) / 0.9
        return self.dec(out)


def main():
    vocab, emb, hid, layers, bs, seq, batches = (int(a) for a in sys.argv[1:8])
    dropconnect = (sys.argv[8] if len(sys.argv) > 8 else "dropconnect") == "dropconnect"
    torch.manual_seed(0)
    model = Lm(vocab, emb, hid, layers, dropconnect)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    data = torch.randint(0, vocab, (batches + 3, bs, seq + 1))
    model.train()

    def step(i):
        x, y = data[i, :, :-1], data[i, :, 1:]
        loss = F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(3):
        step(i)
    start = time.perf_counter()
    loss = 0.0
    for i in range(3, batches + 3):
        loss = step(i)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "tokens_per_s": batches * bs * seq / seconds, "loss": loss, "threads": torch.get_num_threads()}))


main()
