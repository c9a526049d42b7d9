// The stock image builder as the CLI (`nubo image build`) and `nubo up` use it.
export { type BuildResult, buildStockImage, STOCK_IMAGES, type StockImage, tarballOf } from './build.js';
export { aptMirror } from './debian.js';
export { stockImagesOnUp } from './on-up.js';
export { provideStockImages } from './provide.js';
export { type UploadResult, uploadStockImage } from './upload.js';
