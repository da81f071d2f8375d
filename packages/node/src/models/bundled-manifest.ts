// Generated from models/manifest.json by `node models/sync-bundled.mjs`; do not edit by hand.
/** @internal */
export const BUNDLED_MANIFEST_JSON: unknown = {
  "$schema": "./manifest.schema.json",
  "version": 1,
  "models": [
    {
      "id": "lama",
      "task": "inpaint",
      "description": "Big-LaMa (Large Mask Inpainting, Fourier convolutions) exported to ONNX by Carve, fixed 512x512 input. Used by the LaMa inpainter to erase text on textured backgrounds.",
      "licence": "Apache-2.0",
      "homepage": "https://huggingface.co/Carve/LaMa-ONNX",
      "files": [
        {
          "name": "lama_fp32.onnx",
          "url": "https://huggingface.co/Carve/LaMa-ONNX/resolve/main/lama_fp32.onnx",
          "sha256": "1faef5301d78db7dda502fe59966957ec4b79dd64e16f03ed96913c7a4eb68d6",
          "bytes": 208044816
        }
      ],
      "input": {
        "format": "onnx",
        "size": [
          512,
          512
        ],
        "dynamicSize": false,
        "inputs": [
          {
            "name": "image",
            "shape": [
              1,
              3,
              512,
              512
            ],
            "type": "float32",
            "range": [
              0,
              1
            ],
            "layout": "NCHW, RGB"
          },
          {
            "name": "mask",
            "shape": [
              1,
              1,
              512,
              512
            ],
            "type": "float32",
            "range": [
              0,
              1
            ],
            "layout": "NCHW, 1 = hole to fill"
          }
        ],
        "outputs": [
          {
            "shape": [
              1,
              3,
              512,
              512
            ],
            "type": "float32",
            "range": [
              0,
              255
            ],
            "layout": "NCHW, RGB"
          }
        ]
      }
    }
  ]
};
