// The `@org/order-schema/testing` entry. Its files import TYPES from '@org/order-schema' (values
// relatively): the declarations of this entry then name the main entry's types instead of restating them.
export type { ChangeImages, ExampleChangeOptions } from './example-change-records';
export {
  changeImages,
  exampleKinesisRecord,
  exampleStreamRecord,
  storedImage,
  storedNumberText,
} from './example-change-records';
export { exampleLakeRow } from './example-lake-row';
export { exampleOrder } from './example-order';
