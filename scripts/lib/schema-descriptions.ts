/**
 * Which public schema elements lack a description: every type (object, interface, union, enum,
 * input, scalar), field, argument, input field and enum value of a schema, built-ins and
 * introspection excluded. Used by `npm run docs:check` (and its test) over schema/schema.graphql.
 */
import {
  isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';

/** Coordinates (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) without a description, sorted. */
export function missingDescriptions(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const blank = (d: string | null | undefined) => !d || d.trim() === '';
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (blank(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) if (blank(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name}:)`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
    }
  }
  return missing.sort();
}
