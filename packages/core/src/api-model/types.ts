/**
 * The subset of an AWS (botocore) API model that the protocol adapters and the validator use:
 * the restJson1 adapter (HTTP bindings) and the query adapter (form input, XML output). Every
 * query/XML field is optional, so a restJson1 model need not carry them.
 */

export interface MemberRef {
  readonly shape: string;
  /** `uri`, `querystring` or `header`; absent for members of the JSON body. */
  readonly location?: string;
  /** The member's name on the wire (JSON key, query parameter or XML element) when it differs. */
  readonly locationName?: string;
  /** Query/XML: a list or map member written without its wrapper element (botocore `flattened`). */
  readonly flattened?: boolean;
  /** XML: the namespace URI the member's element declares (botocore `xmlNamespace.uri`). */
  readonly xmlNamespace?: string;
}

/** A modelled error: botocore's `error` trait of an exception shape. */
export interface ErrorInfo {
  /** The wire code (`NoSuchEntity`), which may differ from the shape name (`NoSuchEntityException`). */
  readonly code: string;
  readonly httpStatusCode: number;
  /** True for client faults (XML `<Type>Sender</Type>`), false for server faults (`Receiver`). */
  readonly senderFault: boolean;
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
  /** Query/XML: a list or map written without its wrapper element. */
  readonly flattened?: boolean;
  /** Query/XML: the element name of list items (the list's member `locationName`); `member` when absent. */
  readonly memberLocationName?: string;
  /** Query/XML: the element names of a map entry's key and value; `key`/`value` when absent. */
  readonly keyLocationName?: string;
  readonly valueLocationName?: string;
  /** `iso8601`, `rfc822` or `unixTimestamp` when the shape overrides the protocol default. */
  readonly timestampFormat?: string;
  /** Present on exception shapes. */
  readonly exception?: boolean;
  readonly error?: ErrorInfo;
}

export interface OperationModel {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly uri: string;
  readonly status: number;
  readonly input?: string;
  readonly errors: readonly string[];
  /** The output structure, for protocols whose adapter serialises it from the model (query). */
  readonly output?: string;
  /** Query: the element that wraps the output inside `<XResponse>` (`XResult`). */
  readonly resultWrapper?: string;
}

/**
 * Service-level facts the query and JSON protocols need: the `Version` parameter and the XML
 * namespace (query), the target prefix (JSON).
 */
export interface ApiMetadata {
  readonly apiVersion: string;
  readonly protocol: string;
  readonly uid: string;
  /** SigV4 service name (`iam`, `sts`): the credential scope's service. */
  readonly signingName: string;
  readonly xmlNamespace?: string;
  /** JSON protocol: the `X-Amz-Target` prefix (`ACMPrivateCA`) before `.<Operation>`. */
  readonly targetPrefix?: string;
}

export interface ApiModel {
  readonly metadata?: ApiMetadata;
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, ShapeModel>>;
}
