/** The subset of an AWS (botocore) API model that the restJson1 adapter and validator use. */

export interface MemberRef {
  readonly shape: string;
  /** `uri`, `querystring` or `header`; absent for members of the JSON body. */
  readonly location?: string;
  readonly locationName?: string;
}

export interface ShapeModel {
  readonly type:
    | 'structure'
    | 'list'
    | 'map'
    | 'string'
    | 'integer'
    | 'long'
    | 'boolean'
    | 'blob'
    | 'timestamp';
  readonly members?: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
  readonly member?: string;
  readonly key?: string;
  readonly value?: string;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  /** Values of sensitive shapes are never echoed in error messages. */
  readonly sensitive?: boolean;
  /** A union structure: exactly one member may be set. */
  readonly union?: boolean;
}

export interface OperationModel {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly uri: string;
  readonly status: number;
  readonly input?: string;
  readonly errors: readonly string[];
}

export interface ApiModel {
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, ShapeModel>>;
}
