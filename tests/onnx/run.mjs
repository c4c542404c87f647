// Runs ONNX models in ONNX Runtime (onnxruntime-node) for Ascent's export test, and reads each file's header with
// an independent decoder of the official ONNX schema (onnx-proto).
//
//   node run.mjs JOBS.json
//
// JOBS.json is a list of jobs:
//   { "model": "policy.onnx", "observations": "obs.f32", "rows": 1000, "columns": 4, "output": "result.json" }
// where obs.f32 holds rows × columns little-endian float32 values, row after row. For each job, result.json gets
//   { "model": { irVersion, opsets, producerName, producerVersion, metadata, nodes: [opType…] },
//     "inputs":  [{ name, type, shape }],  "outputs": [{ name, type, shape }],   (as ONNX Runtime reports them)
//     "results": { NAME: { type, dims, data } } }                             (data: base64 little-endian bytes)
// Install the dependencies first: npm ci --ignore-scripts (in this folder).
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const { onnx } = require('onnx-proto');

function describeModel(bytes) {
  const model = onnx.ModelProto.decode(bytes);
  const metadata = {};
  for (const entry of model.metadataProps) metadata[entry.key] = entry.value;
  return {
    irVersion: Number(model.irVersion),
    opsets: model.opsetImport.map((o) => ({ domain: o.domain ?? '', version: Number(o.version) })),
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    metadata,
    nodes: model.graph.node.map((n) => n.opType),
  };
}

function describeValues(metadata) {
  return metadata.map((m) => ({ name: m.name, type: m.isTensor ? m.type : 'non-tensor', shape: m.isTensor ? m.shape : [] }));
}

function encode(tensor) {
  const data = tensor.data;
  return {
    type: tensor.type,
    dims: Array.from(tensor.dims),
    data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
  };
}

async function runJob(job) {
  const bytes = await readFile(job.model);
  const model = describeModel(bytes);
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const raw = await readFile(job.observations);
  const expected = job.rows * job.columns * 4;
  if (raw.byteLength !== expected) throw new Error(`${job.observations}: ${raw.byteLength} bytes, expected ${expected}`);
  const copy = new Uint8Array(raw); // aligned copy for the Float32Array view
  const obs = new ort.Tensor('float32', new Float32Array(copy.buffer, 0, job.rows * job.columns), [job.rows, job.columns]);
  const outputs = await session.run({ [session.inputNames[0]]: obs });
  const results = {};
  for (const name of session.outputNames) results[name] = encode(outputs[name]);
  await writeFile(job.output, JSON.stringify({
    model,
    inputs: describeValues(session.inputMetadata),
    outputs: describeValues(session.outputMetadata),
    results,
  }));
  await session.release();
}

const [jobsPath] = process.argv.slice(2);
if (!jobsPath) {
  console.error('usage: node run.mjs JOBS.json');
  process.exit(2);
}
const jobs = JSON.parse(await readFile(jobsPath, 'utf8'));
for (const job of jobs) {
  try {
    await runJob(job);
  } catch (error) {
    console.error(`${job.model}: ${error.message}`);
    process.exit(1);
  }
}
