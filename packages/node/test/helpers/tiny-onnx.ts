// Writes small ONNX models (ModelProto, protobuf wire format) by hand, so tests
// can run real ONNX Runtime sessions on graphs whose answer they know, without
// shipping model files. Only what the tests need: float tensors, constant
// initializers, and nodes with float/int attributes. Field numbers are those
// of onnx/onnx.proto (IR version 8, default opset 13).

/** Element types used here (onnx TensorProto.DataType). */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

/** A dimension: a fixed size or a symbolic name (`batch`, `H`). */
export type Dim = number | string;

/** A graph input or output. */
export interface ValueSpec {
  name: string;
  dims: Dim[];
  /** Default float. */
  elemType?: number;
}

/** A node of the graph. */
export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, number | number[]>;
  /** Attribute kinds: integer attributes must be listed here (everything else is float). */
  intAttributes?: string[];
}

/** A constant tensor (initializer). */
export interface InitializerSpec {
  name: string;
  dims: number[];
  /** Float values (elemType float) or integers (elemType int64). */
  values: number[];
  elemType?: number;
}

/** A whole graph. */
export interface GraphSpec {
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  nodes: NodeSpec[];
  initializers?: InitializerSpec[];
  opset?: number;
  name?: string;
}

// ---- protobuf wire format ---------------------------------------------------

class Writer {
  private chunks: number[] = [];
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      this.chunks.push(byte);
    } while (v !== 0n);
    return this;
  }
  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }
  int(field: number, value: number): this {
    return this.tag(field, 0).varint(value);
  }
  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    for (const b of data) this.chunks.push(b);
    return this;
  }
  string(field: number, text: string): this {
    return this.bytes(field, new TextEncoder().encode(text));
  }
  message(field: number, inner: Writer): this {
    return this.bytes(field, inner.finish());
  }
  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.tag(field, 5);
    for (const x of b) this.chunks.push(x);
    return this;
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function valueInfo(spec: ValueSpec): Writer {
  const shape = new Writer();
  for (const d of spec.dims) {
    const dim = new Writer();
    if (typeof d === 'number') dim.int(1, d); // dim_value
    else dim.string(2, d); // dim_param
    shape.message(1, dim);
  }
  const tensorType = new Writer().int(1, spec.elemType ?? ONNX_FLOAT).message(2, shape);
  const type = new Writer().message(1, tensorType); // TypeProto.tensor_type
  return new Writer().string(1, spec.name).message(2, type);
}

function tensor(spec: InitializerSpec): Writer {
  const t = new Writer();
  for (const d of spec.dims) t.int(1, d);
  const elemType = spec.elemType ?? ONNX_FLOAT;
  t.int(2, elemType);
  t.string(8, spec.name);
  if (elemType === ONNX_FLOAT) {
    const raw = new Uint8Array(new Float32Array(spec.values).buffer);
    t.bytes(9, raw); // raw_data, little-endian
  } else {
    const raw = new Uint8Array(new BigInt64Array(spec.values.map((v) => BigInt(v))).buffer);
    t.bytes(9, raw);
  }
  return t;
}

function node(spec: NodeSpec, index: number): Writer {
  const n = new Writer();
  for (const i of spec.inputs) n.string(1, i);
  for (const o of spec.outputs) n.string(2, o);
  n.string(3, `${spec.op.toLowerCase()}_${index}`);
  n.string(4, spec.op);
  for (const [name, value] of Object.entries(spec.attributes ?? {})) {
    const a = new Writer().string(1, name);
    const isInt = spec.intAttributes?.includes(name) ?? false;
    if (Array.isArray(value)) {
      if (isInt) {
        for (const v of value) a.int(8, v); // ints
        a.int(20, 7); // AttributeType.INTS
      } else {
        for (const v of value) a.float(7, v); // floats
        a.int(20, 6); // FLOATS
      }
    } else if (isInt) {
      a.int(3, value).int(20, 2); // i, INT
    } else {
      a.float(2, value).int(20, 1); // f, FLOAT
    }
    n.message(5, a);
  }
  return n;
}

/**
 * Encodes a graph as an ONNX ModelProto.
 *
 * @example
 * const bytes = encodeOnnxModel({
 *   inputs: [{ name: 'x', dims: [1, 3] }], outputs: [{ name: 'y', dims: [1, 3] }],
 *   nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
 * });
 */
export function encodeOnnxModel(spec: GraphSpec): Uint8Array {
  const graph = new Writer();
  spec.nodes.forEach((n, i) => graph.message(1, node(n, i)));
  graph.string(2, spec.name ?? 'tiny');
  for (const init of spec.initializers ?? []) graph.message(5, tensor(init));
  for (const input of spec.inputs) graph.message(11, valueInfo(input));
  for (const output of spec.outputs) graph.message(12, valueInfo(output));
  const opset = new Writer().string(1, '').int(2, spec.opset ?? 13);
  return new Writer().int(1, 8).string(2, 'glossa-tests').message(7, graph).message(8, opset).finish();
}

/** Options of {@link tinyLamaModel}. */
export interface TinyLamaOptions {
  /**
   * `fill`: output = image * (1 - mask) + mask * fillValue, so holes come back a
   * known flat colour; `identity`: output = image (ignores the mask), so a
   * correct crop/scale/paste round trip returns the original pixels.
   */
  mode: 'fill' | 'identity';
  /** `512` for LaMa's fixed export signature, `dynamic` for symbolic H and W. Default 512. */
  size?: 512 | 'dynamic' | number;
  /** Batch dimension: `batch` (symbolic, like the Carve export) or 1. Default `batch`. */
  batch?: 'batch' | 1;
  /** Output scale: 255 like the Carve export, or 1. Default 255. */
  outputMax?: number;
  /** Fill value in 0..1 for `fill`. Default 0.5. */
  fillValue?: number;
}

/**
 * A stand-in for LaMa with its exact signature (inputs `image` [N,3,512,512]
 * and `mask` [N,1,512,512], output [N,3,512,512] in 0..255) and a graph whose
 * answer a test can predict.
 *
 * @example
 * await writeFile(join(dir, 'lama_fp32.onnx'), tinyLamaModel({ mode: 'fill' }));
 */
export function tinyLamaModel(options: TinyLamaOptions): Uint8Array {
  const size = options.size ?? 512;
  const n: Dim = options.batch ?? 'batch';
  const [h, w]: Dim[] = size === 'dynamic' ? ['height', 'width'] : [size, size];
  const outputMax = options.outputMax ?? 255;
  const fillValue = options.fillValue ?? 0.5;
  const scalar = (name: string, value: number): InitializerSpec => ({ name, dims: [], values: [value] });
  const nodes: NodeSpec[] =
    options.mode === 'fill'
      ? [
          { op: 'Sub', inputs: ['one', 'mask'], outputs: ['keep'] },
          { op: 'Mul', inputs: ['image', 'keep'], outputs: ['kept'] },
          { op: 'Mul', inputs: ['mask', 'fill'], outputs: ['filled'] },
          { op: 'Add', inputs: ['kept', 'filled'], outputs: ['composed'] },
          { op: 'Mul', inputs: ['composed', 'scale'], outputs: ['output'] },
        ]
      : [
          // The mask still feeds the graph (times zero), so both inputs stay live.
          { op: 'Mul', inputs: ['mask', 'zero'], outputs: ['nothing'] },
          { op: 'Add', inputs: ['image', 'nothing'], outputs: ['same'] },
          { op: 'Mul', inputs: ['same', 'scale'], outputs: ['output'] },
        ];
  return encodeOnnxModel({
    name: 'tiny_lama',
    inputs: [
      { name: 'image', dims: [n, 3, h, w] },
      { name: 'mask', dims: [n, 1, h, w] },
    ],
    outputs: [{ name: 'output', dims: [n, 3, h, w] }],
    initializers:
      options.mode === 'fill'
        ? [scalar('one', 1), scalar('fill', fillValue), scalar('scale', outputMax)]
        : [scalar('zero', 0), scalar('scale', outputMax)],
    nodes,
  });
}
