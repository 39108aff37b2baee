/**
 * How ld decides that an input file matches the file part of an input section description
 * (walk_wild_section_match, input_statement_is_archive_path, walk_wild_file_in_exclude_list):
 * `archive:member` forms, wildcards against the name as given, plain names against the input
 * statement of that name (never an archive member), and EXCLUDE_FILE lists, which also accept
 * an archive member when its archive's name matches.
 */
import type { InputFile } from '../input/InputFile';
import { fnmatch, nameMatches, wildcardp } from './fnmatch';

/** input_statement_is_archive_path: SPEC contains ':' at SEP. */
function archivePathMatches(spec: string, sep: number, file: InputFile): boolean {
  const member = spec.slice(sep + 1);
  const isMember = file.archive !== undefined;
  if ((member === '' || nameMatches(member, file.name)) && (sep !== 0) === isMember) {
    if (sep !== 0) return nameMatches(spec.slice(0, sep), file.archive!);
    return true;
  }
  return false;
}

/** The file pattern of a wild statement matches FILE. */
export function filePatternMatches(pattern: string | undefined, file: InputFile): boolean {
  if (pattern === undefined) return true;
  const sep = pattern.indexOf(':');
  if (sep >= 0) return archivePathMatches(pattern, sep, file);
  if (wildcardp(pattern)) return fnmatch(pattern, file.name);
  // lookup_name: the command-line input statement of that name, which members never are.
  return file.archive === undefined && file.name === pattern;
}

/** walk_wild_file_in_exclude_list */
export function fileExcluded(list: string[] | undefined, file: InputFile): boolean {
  if (!list) return false;
  for (const name of list) {
    const sep = name.indexOf(':');
    if (sep >= 0) {
      if (archivePathMatches(name, sep, file)) return true;
    } else if (nameMatches(name, file.name)) {
      return true;
    } else if (file.archive !== undefined && nameMatches(name, file.archive)) {
      return true;
    }
  }
  return false;
}

/** lookup_name: the input statement given on the command line under exactly this name. */
export function fileMatchesLookupName(name: string, file: InputFile): boolean {
  return file.archive === undefined && file.name === name;
}
