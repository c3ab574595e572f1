// What the server's schema offers, found by introspection when the dashboard opens, so that
// the documents ask only for fields that exist (servers grow fields over time) and the
// dashboard says which parts it cannot show instead of failing as a whole.

export const CAPABILITIES_QUERY = /* GraphQL */ `
  query DashboardCapabilities {
    __schema {
      queryType { name }
      subscriptionType { name }
      types { name kind fields { name args { name } type { ...Ref } } }
    }
  }
  fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
`;

// The named type under NON_NULL / LIST wrappers.
function namedType(ref) {
  let t = ref;
  while (t && !t.name) t = t.ofType;
  return t?.name ?? null;
}

export class schema_view {
  constructor(introspection) {
    const s = introspection.__schema;
    this.types = new Map(s.types.filter((t) => t.kind === 'OBJECT').map((t) => [t.name, t.fields ?? []]));
    this.queryType = s.queryType?.name ?? null;
    this.subscriptionType = s.subscriptionType?.name ?? null;
  }

  field(typeName, fieldName) {
    return this.types.get(typeName)?.find((f) => f.name === fieldName) ?? null;
  }

  // The return type's name of typeName.fieldName, or null when the field does not exist.
  typeOf(typeName, fieldName) {
    const f = this.field(typeName, fieldName);
    return f ? namedType(f.type) : null;
  }

  hasArg(typeName, fieldName, argName) {
    return Boolean(this.field(typeName, fieldName)?.args?.some((a) => a.name === argName));
  }

  // The first of `candidates` that typeName has.
  pick(typeName, candidates) {
    return candidates.find((c) => this.field(typeName, c)) ?? null;
  }

  // The wanted fields that typeName has, scalar ones only (no sub-selection needed).
  scalars(typeName, wanted) {
    return wanted.filter((name) => {
      const f = this.field(typeName, name);
      return f && !this.types.has(namedType(f.type));
    });
  }
}
