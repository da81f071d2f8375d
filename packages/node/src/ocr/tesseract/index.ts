export { createTesseractReader, type TesseractReader, type TesseractReaderOptions } from './tesseract-reader.js';
