/** swagger-ui-dist ships no types; this entry returns the folder of the viewer's files. */
declare module 'swagger-ui-dist/absolute-path.js' {
  const getAbsoluteFSPath: () => string;
  export default getAbsoluteFSPath;
}
