/** A problem with an image folder or image.json, reported as one line naming the file. */
export class CatalogError extends Error {
  override name = 'CatalogError';
}
