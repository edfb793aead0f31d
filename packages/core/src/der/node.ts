import { describeTag, TagClass, type TagClassValue } from './tags.ts';

export interface DerNodeFields {
  readonly input: Uint8Array;
  readonly tagClass: TagClassValue;
  readonly constructed: boolean;
  readonly tagNumber: number;
  readonly offset: number;
  readonly headerLength: number;
  readonly contentLength: number;
  readonly children: readonly DerNode[];
}

/**
 * One decoded TLV. The node keeps offsets into the decoded input rather than copies, so a large
 * input costs one small object per element; `raw` and `content` are views made on demand.
 */
export class DerNode {
  readonly tagClass: TagClassValue;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** Offset of the identifier octet within the input given to `decodeDer`. */
  readonly offset: number;
  readonly headerLength: number;
  readonly contentLength: number;
  /** Sub-elements of a constructed element, in order; empty for a primitive one. */
  readonly children: readonly DerNode[];
  readonly #input: Uint8Array;

  constructor(fields: DerNodeFields) {
    this.#input = fields.input;
    this.tagClass = fields.tagClass;
    this.constructed = fields.constructed;
    this.tagNumber = fields.tagNumber;
    this.offset = fields.offset;
    this.headerLength = fields.headerLength;
    this.contentLength = fields.contentLength;
    this.children = fields.children;
  }

  /** Offset just past the last content octet. */
  get end(): number {
    return this.offset + this.headerLength + this.contentLength;
  }

  /** The whole encoding (identifier, length and contents), e.g. the signed TBS bytes. */
  get raw(): Uint8Array {
    return this.#input.subarray(this.offset, this.end);
  }

  /** The contents octets only. */
  get content(): Uint8Array {
    return this.#input.subarray(this.offset + this.headerLength, this.end);
  }

  get isUniversal(): boolean {
    return this.tagClass === TagClass.universal;
  }

  isContext(tagNumber: number): boolean {
    return this.tagClass === TagClass.contextSpecific && this.tagNumber === tagNumber;
  }

  describe(): string {
    return describeTag(this.tagClass, this.tagNumber, this.constructed);
  }
}
