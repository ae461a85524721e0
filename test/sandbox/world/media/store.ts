/**
 * Every photo's file bytes, produced lazily from the rendered JPEG pools and the committed
 * MP4 clips, and cached with an LRU bounded by memory. Sizes are known without producing
 * bytes (base length plus a fixed-size per-photo marker), so listing 6,000 photos costs nothing.
 */
import { derive } from '../random.js';
import {
  COMMENT_SEGMENT_LENGTH,
  JPEG_POOL_SIZE,
  jpegPool,
  photoComment,
  progressiveScanSizes,
  withComment,
  type JpegPoolEntry,
} from './jpeg.js';
import { MP4_SUFFIX_LENGTH, nearestEdge, videoClips, withFreeBox, type VideoClips } from './mp4.js';

/** Downloadable sizes: 'a' 160 px JPEG, 'c' big progressive JPEG, 'u' MP4 (video avatars). */
export type FileType = 'a' | 'c' | 'u';
export const FILE_TYPES: readonly FileType[] = ['a', 'c', 'u'];

/** What the media store needs to know about a photo. */
export interface MediaPhoto {
  readonly id: string;
  readonly width: number;
  readonly kind: 'image' | 'video' | 'emoji';
}

export class MediaError extends Error {}

export class MediaStore {
  private readonly stills = new Map<number, JpegPoolEntry[]>();
  private videos: VideoClips | null = null;
  private readonly pending = new Map<string, Promise<void>>();
  private readonly lru = new Map<string, Buffer>();
  /** Scan sizes per base image: parsing a JPEG per listed photo would dominate getUserPhotos. */
  private readonly scanSizes = new WeakMap<JpegPoolEntry, number[]>();
  private lruBytes = 0;

  constructor(
    readonly seed: number,
    /** Upper bound on cached assembled files; pools are held separately (a few MB). */
    private readonly cacheLimitBytes = 64 * 1024 * 1024,
  ) {}

  /** Renders (or loads) the pools and clips these photos need. Call before listing them. */
  async prepare(photos: Iterable<MediaPhoto>): Promise<void> {
    const jobs: Promise<void>[] = [];
    for (const photo of photos) {
      if (!this.stills.has(photo.width)) jobs.push(this.load(`jpeg/${photo.width}`, async () => void this.stills.set(photo.width, await jpegPool(this.seed, photo.width))));
      if (photo.kind === 'video' && !this.videos) jobs.push(this.load('mp4', async () => void (this.videos = await videoClips())));
    }
    await Promise.all(jobs);
  }

  private load(key: string, job: () => Promise<void>): Promise<void> {
    let promise = this.pending.get(key);
    if (!promise) {
      promise = job().finally(() => this.pending.delete(key));
      this.pending.set(key, promise);
    }
    return promise;
  }

  hasFile(photo: MediaPhoto, type: FileType): boolean {
    return type !== 'u' || photo.kind === 'video';
  }

  /** Exact length in bytes of a photo's file. */
  size(photo: MediaPhoto, type: FileType): number {
    if (type === 'u') return this.videoBase(photo).length + MP4_SUFFIX_LENGTH;
    const entry = this.stillBase(photo);
    return (type === 'a' ? entry.small : entry.big).length + COMMENT_SEGMENT_LENGTH;
  }

  /** The file's bytes (a fresh view of a cached buffer: do not modify). */
  bytes(photo: MediaPhoto, type: FileType): Buffer {
    const key = `${photo.id}/${type}`;
    const hit = this.lru.get(key);
    if (hit) {
      this.lru.delete(key); // re-insert: Map order is the LRU order
      this.lru.set(key, hit);
      return hit;
    }
    const made = this.assemble(photo, type);
    this.lru.set(key, made);
    this.lruBytes += made.length;
    for (const [oldKey, old] of this.lru) {
      if (this.lruBytes <= this.cacheLimitBytes) break;
      this.lru.delete(oldKey);
      this.lruBytes -= old.length;
    }
    return made;
  }

  private assemble(photo: MediaPhoto, type: FileType): Buffer {
    const label = photoComment(photo.id, type);
    if (type === 'u') {
      if (photo.kind !== 'video') throw new MediaError(`photo ${photo.id} has no video`);
      return withFreeBox(this.videoBase(photo), label);
    }
    const entry = this.stillBase(photo);
    return withComment(type === 'a' ? entry.small : entry.big, label);
  }

  /** The stripped 'i' bytes (inline in every listing). */
  stripped(photo: MediaPhoto): Buffer {
    return this.stillBase(photo).stripped;
  }

  /** photoSizeProgressive.sizes for 'c'. */
  progressiveSizes(photo: MediaPhoto): number[] {
    const base = this.stillBase(photo);
    let sizes = this.scanSizes.get(base);
    if (!sizes) {
      sizes = progressiveScanSizes(base.big, COMMENT_SEGMENT_LENGTH);
      this.scanSizes.set(base, sizes);
    }
    return [...sizes];
  }

  private stillBase(photo: MediaPhoto): JpegPoolEntry {
    const pool = this.stills.get(photo.width);
    if (!pool) throw new MediaError(`stills of width ${photo.width} were not prepared`);
    return pool[poolIndex(this.seed, photo.id, 'still', JPEG_POOL_SIZE)]!;
  }

  /** Edge (px) of the MP4 served for a video photo: the committed clip edge nearest its width. */
  videoEdge(photo: MediaPhoto): number {
    if (!this.videos) throw new MediaError('videos were not prepared');
    return nearestEdge(photo.width, this.videos.keys());
  }

  private videoBase(photo: MediaPhoto): Buffer {
    if (photo.kind !== 'video') throw new MediaError(`photo ${photo.id} has no video`);
    const edge = this.videoEdge(photo); // throws if not prepared
    const clips = this.videos!.get(edge)!;
    return clips[poolIndex(this.seed, photo.id, 'video', clips.length)]!;
  }
}

function poolIndex(seed: number, photoId: string, what: string, size: number): number {
  return derive(seed, 'pool', what, photoId).readUInt32LE(0) % size;
}
