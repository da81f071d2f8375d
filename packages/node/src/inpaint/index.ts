export {
  NODE_INPAINTERS,
  createNodeInpainter,
  type NodeInpainter,
  type NodeInpainterKind,
  type NodeInpainterOptions,
} from './create-inpainter.js';
