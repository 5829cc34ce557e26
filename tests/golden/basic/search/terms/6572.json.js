credcatSearchData("terms/6572.json", {
  "errors": [
    1,
    4
  ]
}
);
