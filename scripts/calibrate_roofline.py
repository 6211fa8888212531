#!/usr/bin/env python3
"""Derive the roofline efficiency parameters of one GPU from a stepbench JSONL file.

Usage: scripts/calibrate_roofline.py STEPBENCH.jsonl PEAK_BF16_TFLOPS PEAK_TBPS
       e.g. scripts/calibrate_roofline.py ../shared/data/stepbench/h100.jsonl 989.5 3.35

Each parameter comes from the micro-benchmark that isolates it; only the last two are fitted on
whole steps (decode rows, mode graph):
  gemmEfficiency              median achieved TFLOP/s of `linear` rows with m >= 2048, / peak
  memoryEfficiency            mean achieved bandwidth of the LM-head GEMV (`linear` lm_head, m = 1), / peak
  attentionPrefillEfficiency  least squares on `attn_prefill` (flash) rows of
  attentionPrefillHalfTokens    t = FLOPs / (peak * eff * l/(l + l0)),  l = (n+1)/2
  attentionDecodeEfficiency   least squares on decode steps (relative error), with
  layerOverheadMicros           stepOverheadMicros fixed at 20 us
GEMMs use the smooth roofline (t_c^4 + t_m^4)^(1/4) (gemmRooflineExponent). It then prints the MAPE per step kind with the same formulas as Sources/BLISSim/Latency/RooflineKernels.swift
(dense models; MoE/TP terms are not exercised by the data). Needs numpy and scipy.
"""
import json, math, sys
import numpy as np
from scipy.optimize import least_squares

path, PEAK, BW = sys.argv[1], float(sys.argv[2]) * 1e12, float(sys.argv[3]) * 1e12
rows = [json.loads(l) for l in open(path) if l.strip()]
GEMM_P = 4.0  # gemmRooflineExponent: smooth roofline for GEMMs (fits the linear rows as well as max())
cfg = {r['model']: r['config'] for r in rows if r['kind'] == 'model_info'}

def dims(c):
    H = c['num_attention_heads']; dh = c.get('head_dim') or c['hidden_size'] // H
    return c['num_hidden_layers'], c['hidden_size'], H, c['num_key_value_heads'], dh, c['intermediate_size'], c['vocab_size']

def step_seconds(c, p, prefills, n_dec, ctx_sum):
    """Roofline v2 for a dense bf16 model at TP 1 (mirrors RooflineKernels.swift)."""
    L, d, H, K, dh, F, V = dims(c); b = 2.0
    gemm_rate, stream, kv_rate = PEAK * p['eG'], BW * p['eM'], BW * p['eK']
    m = sum(t for _, t in prefills) + n_dec
    rows_out = len(prefills) + n_dec
    def gemm(rows, params, win, wout):
        tc, tm = 2 * rows * params / gemm_rate, (params * b + rows * (win + wout) * b) / stream
        return (tc ** GEMM_P + tm ** GEMM_P) ** (1 / GEMM_P)
    qkv = d + 2 * K * dh
    layer = gemm(m, d * qkv, d, qkv) + gemm(m, H * dh * d, H * dh, d)
    layer += gemm(m, 2 * d * F, d, 2 * F) + gemm(m, d * F, F, d)
    layer += m * (8 * d + 2 * qkv + 3 * F) * b / stream
    kv_tok = 2 * K * dh * b
    fqk = 2 * H * 2 * dh
    for cached, t in prefills:
        l = cached + (t + 1) / 2
        eff = p['eA'] * l / (l + p['l0'])
        layer += max(fqk * t * l / (PEAK * eff), (cached + t) * kv_tok / kv_rate)
    if n_dec:
        keys = ctx_sum + n_dec
        layer += max(fqk * keys / (PEAK * p['eA']), keys * kv_tok / kv_rate)
    total = L * layer + m * d * b / stream + gemm(rows_out, V * d, d, V)
    return total + (L * p['ovL'] + p['ovS']) * 1e-6

def shape(r):
    s = r['shapes']
    if r['kind'] == 'prefill': return [(0, s['seq_len'])] * s['num_seqs'], 0, 0
    if r['kind'] == 'decode': return [], s['batch'], s['batch'] * (s['context'] - 1)
    return [(s['prefill_context'], s['prefill_tokens'])], s['decode_batch'], s['decode_batch'] * (s['decode_context'] - 1)

p = {'ovS': 20.0}
p['eG'] = round(float(np.median([r['tflops'] for r in rows if r['kind'] == 'linear' and r['shapes']['m'] >= 2048])) * 1e12 / PEAK, 2)
p['eM'] = round(float(np.mean([r['gbps'] for r in rows if r['kind'] == 'linear' and r['shapes']['name'] == 'lm_head'
                               and r['shapes']['m'] == 1])) * 1e9 / BW, 2)
ap = [(r['shapes']['seq_len'], r['median_ms'] * 1e-3, cfg[r['model']]) for r in rows
      if r['kind'] == 'attn_prefill' and r['shapes']['backend'] == 'flash']
def attn_res(x):
    out = []
    for n, t, c in ap:
        _, _, H, _, dh, _, _ = dims(c); l = (n + 1) / 2
        out.append(math.log(4 * H * dh * n * l / (PEAK * x[0] * l / (l + x[1])) / t))
    return out
p['eA'], p['l0'] = least_squares(attn_res, [0.4, 1000], bounds=([0.05, 0], [1, 1e5])).x
p['eA'], p['l0'] = round(p['eA'], 2), round(p['l0'], -1)
steps = [r for r in rows if r['kind'] in ('prefill', 'decode', 'mixed') and r.get('mode') == 'graph']
def rel_err(q, kinds):
    return np.array([step_seconds(cfg[r['model']], q, *shape(r)) / (r['median_ms'] * 1e-3) - 1
                     for r in steps if r['kind'] in kinds])
fit = least_squares(lambda x: rel_err({**p, 'eK': x[0], 'ovL': x[1]}, ('decode',)), [0.7, 10], bounds=([0.2, 0], [1, 100])).x
p['eK'], p['ovL'] = round(fit[0], 2), round(fit[1], 1)
print('gemmEfficiency %.2f  memoryEfficiency %.2f  attentionPrefillEfficiency %.2f  attentionPrefillHalfTokens %.0f'
      % (p['eG'], p['eM'], p['eA'], p['l0']))
print('attentionDecodeEfficiency %.2f  layerOverheadMicros %.1f  stepOverheadMicros %.0f' % (p['eK'], p['ovL'], p['ovS']))
for kind in ('prefill', 'decode', 'mixed'):
    e = rel_err(p, (kind,))
    print('  %-8s rows %3d  MAPE %5.2f%%  max %5.1f%%' % (kind, len(e), 100 * np.mean(abs(e)), 100 * np.max(abs(e))))
