/** A picture the thumbnailer could not read; `message` is for a person to read. */
export class ImageError extends Error {}
