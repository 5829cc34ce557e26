credcatSearchData("terms/6c65.json", {
  "learners": [
    1,
    1
  ]
}
);
