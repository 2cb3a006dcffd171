// A neural model's directory carries its network in TensorFlow.js layers format, which the standard
// tf.loadLayersModel(url) loads (served over HTTP on loopback here, as a browser or service would).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { getTf, initTf, loadModel, LAYERS_MODEL_FILE, LAYERS_WEIGHTS_FILE, NeuralFitModel } from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';

test('sizefit train --model neural writes tfjs/model.json + weights.bin that tf.loadLayersModel loads', async (ctx) => {
  const dir = join(tempDir(ctx, 'sizefit-layers-'), 'neural');
  const t = spawnSync(
    process.execPath,
    ['lib/dist/cli/main.js', 'train', '--dataset', 'sample', '--model', 'neural', '--out', dir],
    { encoding: 'utf8' },
  );
  assert.equal(t.status, 0, t.stderr);
  const { model, manifest } = await loadModel(dir);
  assert.ok(manifest.files[LAYERS_MODEL_FILE] && manifest.files[LAYERS_WEIGHTS_FILE], 'both files are in the manifest');
  const modelJson = JSON.parse(readFileSync(join(dir, LAYERS_MODEL_FILE), 'utf8')) as {
    format: string;
    weightsManifest: { paths: string[] }[];
  };
  assert.equal(modelJson.format, 'layers-model');
  assert.deepEqual(modelJson.weightsManifest[0].paths, ['weights.bin']);

  const server = createServer((req, res) => {
    const p = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!p.startsWith(dir)) return void res.writeHead(403).end();
    try {
      res.writeHead(200).end(readFileSync(p));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await initTf();
    const tf = getTf();
    const { port } = server.address() as AddressInfo;
    const loaded = await tf.loadLayersModel(`http://127.0.0.1:${port}/${LAYERS_MODEL_FILE}`);
    const net = (model as NeuralFitModel).network;
    const a = loaded.getWeights().map((w) => Array.from(w.dataSync()));
    const b = net.getWeights().map((w) => Array.from(w.dataSync()));
    assert.equal(a.length, b.length);
    a.forEach((w, k) => assert.deepEqual(w, b[k], `weight ${k}`));
    const inputs = loaded.inputs.map((inp) => tf.zeros([2, ...(inp.shape.slice(1) as number[])]));
    const ya = loaded.predict(inputs) as import('@tensorflow/tfjs').Tensor;
    const yb = net.predict(inputs) as import('@tensorflow/tfjs').Tensor;
    assert.deepEqual(Array.from(ya.dataSync()), Array.from(yb.dataSync()));
  } finally {
    server.close();
  }
});
